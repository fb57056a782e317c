import type { AuthOptions, LayerServer } from "@strata/sdk/server";
import { createDirectaccessServer } from "./access/directaccess/index.js";
import { createShapedaccessServer } from "./access/shapedaccess/index.js";
import { createProcpoolServer } from "./compute/procpool/index.js";
import { createThreadpoolServer } from "./compute/threadpool/index.js";
import { createCreditfabricServer } from "./fabric/creditfabric/index.js";
import { createDirectfabricServer } from "./fabric/directfabric/index.js";
import { createFleetServer } from "./device/fleet/index.js";
import { createProbeServer } from "./device/probe/index.js";
import { createBlockfileServer } from "./storage/blockfile/index.js";
import { createMemstoreServer } from "./storage/memstore/index.js";
import { createSoftswitchServer } from "./network/softswitch/index.js";
import { createUdpswitchServer } from "./network/udpswitch/index.js";

/** What every reference vendor is started with, in-process. */
export interface ReferenceVendorOptions {
  auth: AuthOptions;
  /** Telemetry sample interval, ms; the vendor's default when absent. */
  sampleIntervalMs?: number;
  /** A fresh directory the vendor may keep its data in; whoever started it removes it after the vendor stops. */
  scratchDir: string;
}

/**
 * One reference vendor: its layer, how to start its command, and how to
 * create it in-process, both as the suite runs it (the main job, CI and the
 * suite's own tests): where the standard lets a vendor choose a value a check
 * must wait or work through, the entry may declare one that is realistic and
 * quick.
 */
export interface ReferenceVendor {
  /** The layer's folder name ("storage"), the same in every package (the conformance suite's module has it too). */
  readonly layer: string;
  readonly name: string;
  /** Its command, as package.json "bin" names it. */
  readonly bin: string;
  /** The command's own flags for a start that keeps its data in `scratchDir`, as the suite runs it (the common flags come from the vendor CLI kit). */
  args(scratchDir: string): string[];
  create(options: ReferenceVendorOptions): Promise<LayerServer>;
}

/** Only the options given: an explicit undefined would override a vendor's default. */
const common = ({ auth, sampleIntervalMs }: ReferenceVendorOptions) => ({ auth, ...(sampleIntervalMs !== undefined ? { sampleIntervalMs } : {}) });

/**
 * The volumes one tenant may hold, as the storage vendors declare it when the
 * registry starts them for the suite (Limits.max_resources_per_tenant): a
 * quota a real deployment may well set, small enough that the check creating
 * that many volumes takes a second or two rather than a minute. Started on
 * their own, the vendors keep their production default (1000).
 */
const SUITE_MAX_VOLUMES_PER_TENANT = 64;
const suiteVolumeLimit = { limits: { maxResourcesPerTenant: SUITE_MAX_VOLUMES_PER_TENANT } };
const suiteVolumeFlags = ["--max-volumes-per-tenant", String(SUITE_MAX_VOLUMES_PER_TENANT)];

/** The blockfile pool's capacity when the suite starts it: 4 GiB, sparse files, never written in full. */
const SUITE_POOL_CAPACITY_BYTES = 4n << 30n;

/** Every reference vendor, one line each: the main job, CI and the suite's own tests iterate this list. */
export const REFERENCE_VENDORS: readonly ReferenceVendor[] = [
  {
    layer: "storage", name: "memstore", bin: "strata-storage-memstore", args: () => suiteVolumeFlags,
    create: (o) => createMemstoreServer({ ...common(o), ...suiteVolumeLimit }),
  },
  {
    // A pool capped below the filesystem's free space: otherwise its capacity follows every other writer of the
    // filesystem (other vendors, reports), and the pool-space checks compare figures that moved under them.
    layer: "storage", name: "blockfile", bin: "strata-storage-blockfile",
    args: (dir) => ["--data-dir", dir, "--pool-capacity", String(SUITE_POOL_CAPACITY_BYTES), ...suiteVolumeFlags],
    create: (o) => createBlockfileServer({ ...common(o), ...suiteVolumeLimit, dataDir: o.scratchDir, capacityBytes: SUITE_POOL_CAPACITY_BYTES }),
  },
  { layer: "network", name: "softswitch", bin: "strata-network-softswitch", args: () => [], create: (o) => createSoftswitchServer(common(o)) },
  { layer: "network", name: "udpswitch", bin: "strata-network-udpswitch", args: () => [], create: (o) => createUdpswitchServer(common(o)) },
  { layer: "compute", name: "threadpool", bin: "strata-compute-threadpool", args: () => [], create: async (o) => createThreadpoolServer(common(o)) },
  { layer: "compute", name: "procpool", bin: "strata-compute-procpool", args: () => [], create: async (o) => createProcpoolServer(common(o)) },
  { layer: "fabric", name: "directfabric", bin: "strata-fabric-directfabric", args: () => [], create: async (o) => createDirectfabricServer(common(o)) },
  { layer: "fabric", name: "creditfabric", bin: "strata-fabric-creditfabric", args: () => [], create: async (o) => createCreditfabricServer(common(o)) },
  { layer: "access", name: "directaccess", bin: "strata-access-directaccess", args: () => [], create: async (o) => createDirectaccessServer(common(o)) },
  { layer: "access", name: "shapedaccess", bin: "strata-access-shapedaccess", args: () => [], create: async (o) => createShapedaccessServer(common(o)) },
  { layer: "device", name: "fleet", bin: "strata-device-fleet", args: () => [], create: async (o) => createFleetServer(common(o)) },
  { layer: "device", name: "probe", bin: "strata-device-probe", args: () => [], create: async (o) => createProbeServer(common(o)) },
];
