import { randomBytes } from "node:crypto";
import type { StrataClients } from "@strata/sdk/client";
import { rpc, storage } from "@strata/sdk/contracts";
import type { CheckContext } from "../runner/check-context.js";

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
  as?: StrataClients;
}

/**
 * Creates a volume named "conformance-<stem>-<8 hex>" (expecting OK) and
 * tracks its deletion, so it is gone after the check, pass or fail.
 */
export async function createTestVolume(t: CheckContext, stem: string, options: TestVolumeOptions = {}): Promise<storage.Volume> {
  const as = options.as ?? t.tenantA;
  const request = storage.CreateVolumeRequest.fromPartial({
    name: `conformance-${stem}-${uniqueSuffix()}`,
    capacityBytes: options.capacityBytes ?? 1n << 20n,
    provisioning: options.provisioning ?? storage.Provisioning.PROVISIONING_UNSPECIFIED,
    workload: { applicationId: options.applicationId ?? t.config.applicationId, component: "conformance" },
  });
  const { volume } = await t.expectCode(as.volumes.createVolume(request), rpc.Code.OK, `CreateVolume "${request.name}"`);
  if (!volume) return t.fail(`CreateVolume "${request.name}" answered OK without a volume; the response must carry the created volume`);
  t.track(() => as.volumes.deleteVolume(storage.DeleteVolumeRequest.fromPartial({ volumeId: volume.volumeId })), `DeleteVolume ${volume.volumeId}`);
  return volume;
}

/** Maps a volume to a host (expecting OK) and tracks the unmap, which runs before the volume's deletion. */
export async function mapTestVolume(t: CheckContext, volumeId: string, hostId: string, as: StrataClients = t.tenantA): Promise<storage.LunMapping> {
  const { mapping } = await t.expectCode(as.mappings.mapVolume(storage.MapVolumeRequest.fromPartial({ volumeId, hostId })),
    rpc.Code.OK, `MapVolume ${volumeId} to host ${hostId}`);
  if (!mapping) return t.fail(`MapVolume ${volumeId} to host ${hostId} answered OK without a mapping`);
  t.track(() => as.mappings.unmapVolume(storage.UnmapVolumeRequest.fromPartial({ volumeId, hostId })), `UnmapVolume ${volumeId} from ${hostId}`);
  return mapping;
}

/** The caller's tenant id: from the config when it can be told, else the owner the endpoint gave a volume it created. */
export function tenantOf(t: CheckContext, volume: storage.Volume): string {
  return t.tenantIds.tenantA ?? volume.workload?.tenantId ?? "";
}
