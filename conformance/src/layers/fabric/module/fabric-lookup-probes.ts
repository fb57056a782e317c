import { fabric } from "@strata/sdk/fabric";
import type { LookupProbe } from "../../../registry/layer-probes.js";
import { pairedTarget } from "./fabric-driver.js";
import type { FabricServices } from "../fabric-checks.js";

/** Every fabric RPC that names a port by id: another tenant's port must answer as one that does not exist. */
export const fabricLookupProbes: LookupProbe<FabricServices>[] = [
  { rpc: "PortService.GetPort", ownerRead: true, call: (c, portId) => c.fabricPorts.getPort({ portId }) },
  {
    // The initiator with the sink target the driver zoned it with.
    rpc: "TransferService.Transfer", ownerRead: true,
    call: (c, portId) => c.transfers.transfer(fabric.TransferRequest.fromPartial({
      initiatorPortId: portId, targetPortId: pairedTarget(portId), operation: fabric.FrameOperation.FRAME_OPERATION_READ,
      trafficClass: fabric.TrafficClass.TRAFFIC_CLASS_LOSSLESS, volumeId: "conformance-volume", lengthBytes: 512n,
    })),
  },
  { rpc: "PathService.GetPath", ownerRead: true, call: (c, portId) => c.fabricPaths.getPath({ initiatorPortId: portId, targetPortId: pairedTarget(portId) }) },
];
