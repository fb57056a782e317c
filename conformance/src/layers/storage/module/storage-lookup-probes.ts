import { core } from "@strata/sdk/contracts";
import { storage } from "@strata/sdk/storage";
import type { LookupProbe } from "../../../registry/layer-probes.js";
import { uniqueName } from "../support/storage-volumes.js";
import type { StorageServices } from "../storage-checks.js";

/** Every storage RPC that names a volume by id: another tenant's volume must answer as one that does not exist. */
export const storageLookupProbes: LookupProbe<StorageServices>[] = [
  { rpc: "VolumeService.GetVolume", ownerRead: true, call: (c, volumeId) => c.volumes.getVolume({ volumeId }) },
  { rpc: "BlockService.Read", ownerRead: true, call: (c, volumeId) => c.block.read({ volumeId, offsetBytes: 0n, lengthBytes: 512n }) },
  { rpc: "BlockService.Write", ownerRead: false, call: (c, volumeId) => c.block.write({ volumeId, offsetBytes: 0n, data: Buffer.alloc(512), durable: false }) },
  {
    rpc: "VolumeService.ExpandVolume", ownerRead: false, requires: [core.Feature.FEATURE_STORAGE_VOLUME_EXPANSION],
    call: (c, volumeId) => c.volumes.expandVolume({ volumeId, capacityBytes: 2n << 20n }),
  },
  { rpc: "MappingService.MapVolume", ownerRead: false, call: (c, volumeId) => c.mappings.mapVolume({ volumeId, hostId: uniqueName("host") }) },
  { rpc: "PlacementService.GetPlacement", ownerRead: true, call: (c, volumeId) => c.placement.getPlacement({ volumeId }) },
  // A fresh volume has no policy: its owner gets NOT_FOUND too, so it is no read the operator check can expect OK from.
  { rpc: "QosService.GetQosPolicy", ownerRead: false, call: (c, volumeId) => c.qos.getQosPolicy({ target: { volumeId } }) },
  {
    rpc: "QosService.SetQosPolicy", ownerRead: false,
    call: (c, volumeId) => c.qos.setQosPolicy({ policy: storage.QosPolicy.fromPartial({ target: { volumeId }, maxIops: 1n }) }),
  },
];
