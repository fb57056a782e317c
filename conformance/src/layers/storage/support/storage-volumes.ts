import { rpc } from "@strata/sdk/contracts";
import { storage } from "@strata/sdk/storage";
import { uniqueName } from "../../../helpers/unique-name.js";
import { type StorageContext, type StorageClients } from "../storage-checks.js";
import { storageOptions } from "./storage-options.js";

export const KiB = 1024n;
export const MiB = 1024n * KiB;

export { uniqueName } from "../../../helpers/unique-name.js";

export interface VolumeOptions extends Partial<Omit<storage.CreateVolumeRequest, "workload">> {
  /** Who creates (and later deletes) it; tenant A by default. */
  as?: StorageClients;
  /** workload.application_id; the config's applicationId by default. */
  applicationId?: string;
  /** workload.tenant_id (empty: the caller's own). */
  tenantId?: string;
}

/**
 * The CreateVolumeRequest the storage checks send: a unique name, the
 * configured volume size (1 MiB by default), pool and labels, server-default
 * provisioning; `options` override any of them (labels add to the configured).
 */
export function volumeRequest(t: Pick<StorageContext, "config">, stem: string, options: VolumeOptions = {}): storage.CreateVolumeRequest {
  const { as: _as, applicationId, tenantId, labels, ...fields } = options;
  const configured = storageOptions(t.config);
  return storage.CreateVolumeRequest.fromPartial({
    name: uniqueName(stem),
    capacityBytes: configured.volumeSizeBytes,
    poolId: configured.poolId,
    ...fields,
    labels: { ...configured.labels, ...labels },
    workload: { applicationId: applicationId ?? t.config.applicationId, tenantId: tenantId ?? "", component: "conformance" },
  });
}

/** Creates a volume (expecting OK) and tracks its deletion by the same caller. */
export function createVolume(t: StorageContext, stem: string, options: VolumeOptions = {}): Promise<storage.Volume> {
  return createVolumeFrom(t, volumeRequest(t, stem, options), options.as);
}

/** Sends a CreateVolumeRequest as is (expecting OK) and tracks the volume's deletion. */
export async function createVolumeFrom(t: StorageContext, request: storage.CreateVolumeRequest, as: StorageClients = t.tenantA): Promise<storage.Volume> {
  const { volume } = await t.expectCode(trackCreated(t, as.volumes.createVolume(request), as), rpc.Code.OK, `CreateVolume "${request.name}"`);
  if (!volume) return t.fail(`CreateVolume "${request.name}" answered OK without a volume; the response must carry the created volume`);
  return volume;
}

/**
 * Tracks the deletion of whatever volume a create call returns, so that a
 * create the endpoint should have refused leaves nothing behind either;
 * tracked before it answers, so that a create answered after the check
 * ended is deleted too. Returns the call unchanged.
 */
export function trackCreated<T extends { volume?: storage.Volume }>(t: StorageContext, call: Promise<T>, as: StorageClients = t.tenantA): Promise<T> {
  return t.trackPending(call, ({ volume }) => volume && as.volumes.deleteVolume({ volumeId: volume.volumeId }), "DeleteVolume of the volume the create answers");
}

/** Maps a volume to a host (expecting OK) and tracks the unmap; tracked after the volume, so it runs first. */
export async function mapVolume(t: StorageContext, volumeId: string, hostId: string, as: StorageClients = t.tenantA): Promise<storage.LunMapping> {
  const { mapping } = await t.expectCode(as.mappings.mapVolume({ volumeId, hostId }), rpc.Code.OK, `MapVolume ${volumeId} to ${hostId}`);
  if (!mapping) return t.fail(`MapVolume ${volumeId} to ${hostId} answered OK without a mapping; the response must carry it`);
  t.track(() => as.mappings.unmapVolume({ volumeId, hostId }), `UnmapVolume ${volumeId} from ${hostId}`);
  return mapping;
}

/** A recognisable byte pattern; different seeds give different bytes at the same index. */
export function pattern(length: number, seed: number): Buffer {
  return Buffer.from(Array.from({ length }, (_, i) => (i * 131 + seed * 29 + 7) & 0xff));
}
