import { setTimeout as sleep } from "node:timers/promises";
import { storage } from "@strata/sdk/storage";
import { uniqueName } from "../../../helpers/unique-name.js";
import type { SwapContext, SwapStep } from "../../../swap/swap-context.js";
import { filledFields, violatedFields, yesNo } from "../../../swap/swap-values.js";
import type { StorageServices } from "../storage-checks.js";
import { volumeRequest } from "../support/storage-volumes.js";
import { absentId } from "../support/storage-options.js";


/** A volume of tenant A as the storage settings ask (size, pool, labels), deleted after the proof has read telemetry and topology. */
async function volumeFor(s: SwapContext<StorageServices>, stem: string, label: string): Promise<storage.Volume | undefined> {
  const request = volumeRequest(s, `swap-${stem}`, { labels: { swap: "proof" } });
  const answer = await s.call(label, s.tenantA.volumes.createVolume(request));
  const volume = answer?.volume;
  if (volume) s.track(() => s.tenantA.volumes.deleteVolume({ volumeId: volume.volumeId }), `DeleteVolume ${volume.volumeId}`);
  return volume;
}

/** Volume fields the spec lets be 0: a thin volume's allocation before any write (thin may be the server's default). */
const VOLUME_MAY_BE_ZERO = ["allocatedBytes"];
/** Pool fields the spec lets be 0: the totals of a pool no volume (of the caller's) is on. */
const POOL_MAY_BE_ZERO = ["allocatedBytes", "provisionedBytes"];
/** Mapping fields the spec lets be 0: the first LUN of a host. */
const MAPPING_MAY_BE_ZERO = ["lun"];


/**
 * The storage swap scenario: create, write, read, map, set QoS and place
 * through `s.call(label, …)`, so that status codes, metrics, records and
 * topology of both vendors line up. Optional features (thin provisioning,
 * expansion, QoS latency targets) stay out: a tool learns of them from
 * GetCapabilities, and vendors may rightly differ there.
 */
export const storageSwapSteps: readonly SwapStep<StorageServices>[] = [
  async function volumes(s) {
    const volume = await volumeFor(s, "volume", "VolumeService.CreateVolume");
    if (!volume) return;
    s.record("CreateVolume response fills", filledFields(volume, VOLUME_MAY_BE_ZERO));
    const again = storage.CreateVolumeRequest.fromPartial({
      name: volume.name, capacityBytes: volume.capacityBytes, workload: { applicationId: s.config.applicationId }, labels: volume.labels,
    });
    const repeat = await s.call("VolumeService.CreateVolume repeated with the same parameters", s.tenantA.volumes.createVolume(again));
    s.record("CreateVolume repeated returns the same volume_id", yesNo(repeat?.volume?.volumeId === volume.volumeId));
    await s.call("VolumeService.CreateVolume repeated with another capacity", s.tenantA.volumes.createVolume({ ...again, capacityBytes: 2n * volume.capacityBytes }));
    await s.call("VolumeService.CreateVolume on an unknown pool", s.tenantA.volumes.createVolume({ ...again, name: uniqueName("swap-no-pool"), poolId: absentId(s.config) }));
    if (s.tenantIds.tenantB) {
      await s.call("VolumeService.CreateVolume as tenant A naming tenant B",
        s.tenantA.volumes.createVolume({ ...again, name: uniqueName("swap-foreign"), workload: { applicationId: s.config.applicationId, tenantId: s.tenantIds.tenantB, component: "" } }));
    }
    s.record("CreateVolume without name or capacity: BadRequest fields",
      await violatedFields(s.tenantA.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({ workload: { applicationId: s.config.applicationId } }))));
    const got = await s.call("VolumeService.GetVolume", s.tenantA.volumes.getVolume({ volumeId: volume.volumeId }));
    s.record("GetVolume response fills", filledFields(got?.volume, VOLUME_MAY_BE_ZERO));
    await s.call("VolumeService.GetVolume of an unknown volume", s.tenantA.volumes.getVolume({ volumeId: absentId(s.config) }));
    await s.call("VolumeService.GetVolume as tenant B of tenant A's volume", s.tenantB.volumes.getVolume({ volumeId: volume.volumeId }));
    await s.call("VolumeService.DeleteVolume as tenant B of tenant A's volume", s.tenantB.volumes.deleteVolume({ volumeId: volume.volumeId }));
    await s.call("VolumeService.DeleteVolume of a volume that never existed", s.tenantA.volumes.deleteVolume({ volumeId: absentId(s.config) }));
    await s.call("VolumeService.ListVolumes", s.tenantA.volumes.listVolumes(storage.ListVolumesRequest.fromPartial({ applicationId: s.config.applicationId })));
    s.record("ListVolumes with page_size -1: BadRequest fields",
      await violatedFields(s.tenantA.volumes.listVolumes(storage.ListVolumesRequest.fromPartial({ page: { pageSize: -1 } }))));
    s.record("ListVolumes with a forged page_token: BadRequest fields",
      await violatedFields(s.tenantA.volumes.listVolumes(storage.ListVolumesRequest.fromPartial({ page: { pageToken: "forged" } }))));
  },

  async function blockIo(s) {
    const volume = await volumeFor(s, "io", "VolumeService.CreateVolume for I/O");
    if (!volume) return;
    const volumeId = volume.volumeId;
    const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7 + 3) & 0xff));
    await s.call("BlockService.Write at an unaligned offset", s.tenantA.block.write({ volumeId, offsetBytes: 4095n, data, durable: false }));
    await s.call("BlockService.Write with durable = true", s.tenantA.block.write({ volumeId, offsetBytes: volume.capacityBytes - 1n, data: Buffer.from([1]), durable: true }));
    const read = await s.call("BlockService.Read", s.tenantA.block.read({ volumeId, offsetBytes: 4095n, lengthBytes: BigInt(data.length) }));
    s.record("Read returns what Write stored", yesNo(read?.data.equals(data) === true));
    const zeros = await s.call("BlockService.Read of bytes never written", s.tenantA.block.read({ volumeId, offsetBytes: 65_536n, lengthBytes: 512n }));
    s.record("Bytes never written read as zeros", yesNo(zeros?.data.equals(Buffer.alloc(512)) === true));
    await s.call("BlockService.Read past the end", s.tenantA.block.read({ volumeId, offsetBytes: volume.capacityBytes, lengthBytes: 1n }));
    await s.call("BlockService.Write past the end", s.tenantA.block.write({ volumeId, offsetBytes: volume.capacityBytes - 1n, data: Buffer.from([1, 2]), durable: false }));
    await s.call("BlockService.Read longer than max_io_bytes", s.tenantA.block.read({ volumeId, offsetBytes: 0n, lengthBytes: s.limits.maxIoBytes + 1n }));
    await s.call("BlockService.Read of an unknown volume", s.tenantA.block.read({ volumeId: absentId(s.config), offsetBytes: 0n, lengthBytes: 1n }));
    await s.call("BlockService.Write as tenant B to tenant A's volume", s.tenantB.block.write({ volumeId, offsetBytes: 0n, data: Buffer.from([9]), durable: false }));
  },

  async function mapping(s) {
    const volume = await volumeFor(s, "mapped", "VolumeService.CreateVolume to map");
    if (!volume) return;
    const { volumeId } = volume;
    const hostId = uniqueName("swap-host");
    const first = await s.call("MappingService.MapVolume", s.tenantA.mappings.mapVolume({ volumeId, hostId }));
    if (first) s.track(() => s.tenantA.mappings.unmapVolume({ volumeId, hostId }), `UnmapVolume ${volumeId}`);
    s.record("MapVolume response fills", filledFields(first?.mapping, MAPPING_MAY_BE_ZERO));
    const again = await s.call("MappingService.MapVolume repeated", s.tenantA.mappings.mapVolume({ volumeId, hostId }));
    s.record("MapVolume repeated returns the same mapping and LUN",
      yesNo(again?.mapping?.mappingId === first?.mapping?.mappingId && again?.mapping?.lun === first?.mapping?.lun));
    await s.call("VolumeService.DeleteVolume of a mapped volume", s.tenantA.volumes.deleteVolume({ volumeId }));
    const listed = await s.call("MappingService.ListMappings by volume", s.tenantA.mappings.listMappings(storage.ListMappingsRequest.fromPartial({ volumeId })));
    s.record("ListMappings by volume lists", String(listed?.mappings.length ?? "nothing"));
    s.record("MapVolume without host_id: BadRequest fields", await violatedFields(s.tenantA.mappings.mapVolume({ volumeId, hostId: "" })));
    await s.call("MappingService.MapVolume as tenant B of tenant A's volume", s.tenantB.mappings.mapVolume({ volumeId, hostId: uniqueName("swap-host") }));
    await s.call("MappingService.UnmapVolume of a host never mapped", s.tenantA.mappings.unmapVolume({ volumeId, hostId: uniqueName("swap-host") }));
  },

  async function qos(s) {
    const volume = await volumeFor(s, "qos", "VolumeService.CreateVolume for QoS");
    if (!volume) return;
    const target = { volumeId: volume.volumeId };
    const set = await s.call("QosService.SetQosPolicy", s.tenantA.qos.setQosPolicy({
      policy: storage.QosPolicy.fromPartial({ target, maxIops: 100_000n, maxBandwidthBytesPerSecond: 1n << 30n, priority: storage.Priority.PRIORITY_HIGH }),
    }));
    s.record("SetQosPolicy response fills", filledFields(set?.policy));
    await s.call("QosService.GetQosPolicy", s.tenantA.qos.getQosPolicy({ target }));
    await s.call("QosService.ListQosPolicies", s.tenantA.qos.listQosPolicies(storage.ListQosPoliciesRequest.fromPartial({})));
    s.record("SetQosPolicy with reserved_iops above max_iops: BadRequest fields", await violatedFields(s.tenantA.qos.setQosPolicy({
      policy: storage.QosPolicy.fromPartial({ target, maxIops: 10n, reservedIops: 20n }),
    })));
    await s.call("QosService.GetQosPolicy as tenant B of tenant A's volume", s.tenantB.qos.getQosPolicy({ target }));
    if (s.tenantIds.tenantB) {
      await s.call("QosService.SetQosPolicy as tenant A naming tenant B",
        s.tenantA.qos.setQosPolicy({ policy: storage.QosPolicy.fromPartial({ target: { tenantId: s.tenantIds.tenantB }, maxIops: 100_000n }) }));
    }
    await s.call("QosService.DeleteQosPolicy", s.tenantA.qos.deleteQosPolicy({ target }));
    await s.call("QosService.GetQosPolicy after DeleteQosPolicy", s.tenantA.qos.getQosPolicy({ target }));
  },

  async function placement(s) {
    const volume = await volumeFor(s, "placed", "VolumeService.CreateVolume to place");
    if (!volume) return;
    const placement = await s.call("PlacementService.GetPlacement", s.tenantA.placement.getPlacement({ volumeId: volume.volumeId }));
    if (placement) {
      const deviceIds = placement.devices.map((d) => d.deviceId);
      s.record("GetPlacement: pool is the volume's pool", yesNo(placement.pool?.poolId === volume.poolId));
      s.record("GetPlacement: at least one LUN, every LUN device listed once",
        yesNo(placement.luns.length > 0 && new Set(deviceIds).size === deviceIds.length && placement.luns.every((l) => l.deviceIds.every((id) => deviceIds.includes(id)))));
    }
    const pools = await s.call("PlacementService.ListPools", s.tenantA.placement.listPools(storage.ListPoolsRequest.fromPartial({})));
    s.record("ListPools response fills", [...new Set(pools?.pools.map((p) => filledFields(p, POOL_MAY_BE_ZERO)))].join(" | "));
    await s.call("PlacementService.GetPlacement as tenant B of tenant A's volume", s.tenantB.placement.getPlacement({ volumeId: volume.volumeId }));
  },

  async function samplesClosed(s) {
    // The I/O above shows in samples once its sample interval closes: wait one, within the step's deadline.
    const intervalMs = Number(s.limits.sampleIntervalNs / 1_000_000n);
    await sleep(Math.min(intervalMs, Math.max(0, s.config.timeoutMs - 1000)));
  },
];
