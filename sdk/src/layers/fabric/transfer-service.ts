import { StrataError } from "../../errors/strata-error.js";
import type { CallContext } from "../../server/call-context.js";
import { dataPathInterceptor } from "../../server/data-path-interceptor.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import type { DataPathRecord } from "../../telemetry/data-path-record.js";
import {
  FrameOperation, TrafficClass, TransferServiceService, trafficClassToJSON, type Port, type TransferRequest, type TransferResponse,
} from "./contracts.js";
import type { Carriage, FrameClass } from "./fabric-backend.js";
import { pairKey } from "./fabric-catalog.js";
import { FABRIC_MEASUREMENTS, TRANSFER_OPERATION } from "./fabric-catalogue.js";
import { fabricPort, zonedPair, type FabricKit } from "./fabric-kit.js";

/**
 * The fabric data path: every Transfer yields one request record
 * (dataPathInterceptor), whatever answers it; createFabricServer puts it on
 * the server so that a customized transfer service keeps it.
 */
export const fabricDataPath = dataPathInterceptor(TransferServiceService, {
  transfer: { operation: TRANSFER_OPERATION, resourceId: (request) => request.initiatorPortId },
});

/** The fields of a Transfer, checked on their own (the kit's shared checks already refused a data above Limits.max_io_bytes). */
function checkTransfer(request: TransferRequest, maxIoBytes: number): void {
  const checks = validate()
    .id("initiator_port_id", request.initiatorPortId)
    .id("target_port_id", request.targetPortId)
    .id("volume_id", request.volumeId);
  const read = request.operation === FrameOperation.FRAME_OPERATION_READ;
  if (request.operation === FrameOperation.FRAME_OPERATION_UNSPECIFIED) checks.add("operation", "is required: FRAME_OPERATION_READ or FRAME_OPERATION_WRITE");
  if (read && request.data.length > 0) checks.add("data", "must be empty for a read: a read names its length_bytes");
  if (read && request.lengthBytes > BigInt(maxIoBytes)) checks.add("length_bytes", `must be at most ${maxIoBytes} (Limits.max_io_bytes)`);
  if (!read && request.lengthBytes !== 0n) checks.add("length_bytes", "must be 0 for a write: a write's length is its data's");
  checks.throwIfAny();
}

/** The class a frame travels in: unspecified is best effort. */
const classOf = (request: TransferRequest): FrameClass =>
  request.trafficClass === TrafficClass.TRAFFIC_CLASS_LOSSLESS ? TrafficClass.TRAFFIC_CLASS_LOSSLESS : TrafficClass.TRAFFIC_CLASS_BEST_EFFORT;

/**
 * strata.fabric.v1.TransferService: the backend carries the frame across
 * the fabric; the kit times its path, counts what the links carried and
 * dropped, and hands the delivered command to the target: a sink's
 * acknowledgement, or the storage endpoint's answer.
 */
export function createTransferService(kit: FabricKit) {
  return defineService(TransferServiceService, {
    async transfer(request, ctx) {
      checkTransfer(request, kit.maxIoBytes);
      const record = recordOf(ctx);
      const trafficClass = classOf(request);
      const write = request.operation === FrameOperation.FRAME_OPERATION_WRITE;
      const { initiator, target } = zonedPair(kit, ctx.principal, request, (port) => record.resolve({
        resourceId: port.portId, tenantId: port.workload!.tenantId, applicationId: port.workload!.applicationId,
        attributes: {
          target_port_id: request.targetPortId, traffic_class: trafficClassToJSON(trafficClass),
          command: write ? "write" : "read", volume_id: request.volumeId,
        },
      }));
      const sizeBytes = write ? request.data.length : Number(request.lengthBytes);
      const { carriage, pathLatencyNs } = await carry(kit, ctx, initiator, target, trafficClass, sizeBytes);
      if (!carriage.delivered) {
        throw StrataError.capacityExhausted(carriage.reason === "congestion"
          ? `frame dropped: the link of target port "${target.portId}" had no room for it (best effort)`
          : `frame dropped: the fabric lost it on its way to target port "${target.portId}" (best effort)`);
      }
      const data = target.storageBound
        ? await kit.storage.forward(target.systemId, initiator.workload!.tenantId, {
          operation: request.operation, volumeId: request.volumeId, offsetBytes: request.offsetBytes, lengthBytes: request.lengthBytes, data: request.data,
        }, ctx)
        : Buffer.alloc(write ? 0 : sizeBytes);
      record.payloadBytes = sizeBytes;
      record.measurements = { [FABRIC_MEASUREMENTS.pathLatency]: pathLatencyNs, [FABRIC_MEASUREMENTS.retransmissions]: carriage.retransmissions };
      const response: TransferResponse = {
        data,
        pathLatencyNs: BigInt(pathLatencyNs),
        // Whole nanoseconds rounded down, so that the hops stay within the path latency.
        hops: carriage.hops.map((h) => ({ hopId: h.hopId, kind: h.kind, latencyNs: BigInt(Math.max(0, Math.floor(h.latencyNs))) })),
        retransmissions: carriage.retransmissions,
        forwarded: target.storageBound,
      };
      return response;
    },
  });
}

/** Hands the frame to the backend and times its path on the telemetry clock; counts what the links carried, delivered and dropped. */
async function carry(kit: FabricKit, ctx: CallContext, initiator: Port, target: Port, trafficClass: FrameClass, sizeBytes: number) {
  const start = kit.telemetry.now();
  const carriage: Carriage = await kit.backend.carry({
    frameId: kit.nextFrameId(), initiator: fabricPort(initiator), target: fabricPort(target), trafficClass, sizeBytes, signal: ctx.signal,
  });
  const pathLatencyNs = Number(kit.telemetry.now() - start);
  kit.counters.sent(initiator.portId, sizeBytes);
  if (!carriage.delivered) {
    kit.counters.dropped(target.portId, trafficClass);
    return { carriage, pathLatencyNs };
  }
  kit.counters.delivered(target.portId, sizeBytes);
  kit.paths.add(pairKey(initiator.portId, target.portId), pathLatencyNs, carriage.hops);
  return { carriage, pathLatencyNs };
}

function recordOf(ctx: CallContext): DataPathRecord {
  if (!ctx.dataPath) throw new Error("fabric Transfer served without its data-path interceptor");
  return ctx.dataPath;
}
