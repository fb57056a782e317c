import {
  BlockServiceService, MappingServiceService, PlacementServiceService, QosServiceService, VolumeServiceService,
} from "./contracts.js";

/**
 * The storage layer's services by client name, for `connect()`.
 *
 * @example
 * const strata = connect(target, { auth, services: STORAGE_SERVICES });
 * await strata.volumes.listVolumes({});
 */
export const STORAGE_SERVICES = {
  volumes: VolumeServiceService,
  block: BlockServiceService,
  mappings: MappingServiceService,
  qos: QosServiceService,
  placement: PlacementServiceService,
} as const;
