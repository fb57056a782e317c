import { randomBytes } from "node:crypto";
import { createVolume, mapVolume } from "./storage-volumes.js";
import type { storage } from "@strata/sdk/storage";
import { type StorageContext, type StorageClients } from "../storage-checks.js";

/** A suffix no other check (or earlier run) uses. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

export interface TestVolumeOptions {
  /** workload.application_id; the config's applicationId by default. */
  applicationId?: string;
  /** 1 MiB by default. */
  capacityBytes?: bigint;
  provisioning?: storage.Provisioning;
  /** Who creates and later deletes it; tenant A by default. */
  as?: StorageClients;
}

/**
 * Creates a volume named "conformance-<stem>-<8 hex>" (expecting OK) and
 * tracks its deletion, so it is gone after the check, pass or fail. The
 * storage suites' own helper does the work; this keeps the telemetry and
 * topology suites' option names.
 */
export function createTestVolume(t: StorageContext, stem: string, options: TestVolumeOptions = {}): Promise<storage.Volume> {
  const { as, applicationId, capacityBytes, provisioning } = options;
  // Only what was given: an explicit undefined would override the helper's defaults.
  return createVolume(t, stem, Object.fromEntries(
    Object.entries({ as, applicationId, capacityBytes, provisioning }).filter(([, value]) => value !== undefined),
  ));
}

/** Maps a volume to a host (expecting OK) and tracks the unmap, which runs before the volume's deletion. */
export function mapTestVolume(t: StorageContext, volumeId: string, hostId: string, as: StorageClients = t.tenantA): Promise<storage.LunMapping> {
  return mapVolume(t, volumeId, hostId, as);
}

/** The caller's tenant id: from the config when it can be told, else the owner the endpoint gave a volume it created. */
export function tenantOf(t: StorageContext, volume: storage.Volume): string {
  return t.tenantIds.tenantA ?? volume.workload?.tenantId ?? "";
}
