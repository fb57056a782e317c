import type { LayerServer } from "@strata/sdk/server";
import { REFERENCE_VENDORS, type ReferenceVendorOptions } from "../../reference-vendors.js";
import { createBlockfileServer } from "../../storage/blockfile/index.js";
import { createMemstoreServer } from "../../storage/memstore/index.js";

/**
 * The slow disk every storage vendor of the scenario runs on, each as it
 * models one (declared in its devices' descriptions): four devices of 40 ms
 * an operation, 100 operations a second in all, so that a queue dwarfs a
 * busy machine's jitter.
 */
const SLOW_DISK = { accessNs: 40_000_000, bytesPerSecond: 1e9 };
const DEVICES = 4;

/** The storage vendors the scenario runs on, each on the slow disk. */
export const SCENARIO_STORAGE = {
  memstore: ({ auth, sampleIntervalMs }: ReferenceVendorOptions) => createMemstoreServer({ auth, sampleIntervalMs, spindles: DEVICES, spindleModel: SLOW_DISK }),
  blockfile: ({ auth, sampleIntervalMs, scratchDir }: ReferenceVendorOptions) =>
    createBlockfileServer({ auth, sampleIntervalMs, dataDir: scratchDir, deviceQueueDepth: DEVICES, deviceModel: SLOW_DISK }),
} satisfies Record<string, (options: ReferenceVendorOptions) => Promise<LayerServer>>;

export type ScenarioStorage = keyof typeof SCENARIO_STORAGE;

/** The LAN vendors the scenario may run on: every reference one, as the registry starts it. */
export const SCENARIO_LAN = REFERENCE_VENDORS.filter((v) => v.layer === "network").map((v) => v.name);

/** Starts the scenario's storage vendor and LAN vendor (a reference LAN vendor's name). */
export async function startScenarioLayers(storage: ScenarioStorage, lan: string, options: ReferenceVendorOptions): Promise<{ storage: LayerServer; lan: LayerServer }> {
  const lanVendor = REFERENCE_VENDORS.find((v) => v.layer === "network" && v.name === lan);
  if (!lanVendor) throw new Error(`noisy neighbour: no reference LAN vendor "${lan}" (${SCENARIO_LAN.join(", ")})`);
  const storageServer = await SCENARIO_STORAGE[storage](options);
  try {
    return { storage: storageServer, lan: await lanVendor.create(options) };
  } catch (error) {
    await storageServer.shutdown(0);
    throw error;
  }
}
