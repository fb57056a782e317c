import { PathServiceService, PortServiceService, TransferServiceService, ZoneServiceService } from "./contracts.js";

/**
 * The storage networking layer's services by client name, for `connect()`.
 *
 * @example
 * const strata = connect(target, { auth, services: FABRIC_SERVICES });
 * const { port } = await strata.ports.createPort({ name: "hba-0", workload: { applicationId: "db" }, role: fabric.PortRole.PORT_ROLE_INITIATOR, hostId: instanceId });
 * await strata.transfers.transfer({ initiatorPortId, targetPortId, operation: fabric.FrameOperation.FRAME_OPERATION_READ, volumeId, lengthBytes: 4096n });
 */
export const FABRIC_SERVICES = {
  ports: PortServiceService,
  zones: ZoneServiceService,
  paths: PathServiceService,
  transfers: TransferServiceService,
} as const;
