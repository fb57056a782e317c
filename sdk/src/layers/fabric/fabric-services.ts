import { PathServiceService, PortServiceService, TransferServiceService, ZoneServiceService } from "./contracts.js";

/**
 * The storage networking layer's services by client name, for `connect()`;
 * prefixed where another layer has a service of the same name (the LAN's ports).
 *
 * @example
 * const strata = connect(target, { auth, services: FABRIC_SERVICES });
 * const { port } = await strata.fabricPorts.createPort({ name: "hba-0", workload: { applicationId: "db" }, role: fabric.PortRole.PORT_ROLE_INITIATOR, hostId: instanceId });
 * await strata.transfers.transfer({ initiatorPortId, targetPortId, operation: fabric.FrameOperation.FRAME_OPERATION_READ, volumeId, lengthBytes: 4096n });
 */
export const FABRIC_SERVICES = {
  fabricPorts: PortServiceService,
  fabricZones: ZoneServiceService,
  fabricPaths: PathServiceService,
  transfers: TransferServiceService,
} as const;
