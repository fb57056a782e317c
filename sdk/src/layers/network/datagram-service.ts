import type { ServerWritableStream } from "@grpc/grpc-js";
import { StrataError } from "../../errors/strata-error.js";
import type { CallContext } from "../../server/call-context.js";
import { dataPathInterceptor } from "../../server/data-path-interceptor.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import type { DataPathRecord } from "../../telemetry/data-path-record.js";
import { DatagramServiceService, Priority, type Endpoint, type Network, type ReceiveResponse, type SendRequest } from "./contracts.js";
import type { WireFrame } from "./network-backend.js";
import { endpointOn, visibleNetwork, type NetworkKit } from "./network-kit.js";
import { writeMessage } from "./stream-writer.js";

/** Most datagrams one ReceiveResponse carries. */
const RECEIVE_BATCH = 64;

/**
 * The LAN data path: every Send yields one request record
 * (dataPathInterceptor), whatever answers it; createNetworkServer puts it on
 * the server so that a customized datagram service keeps it.
 */
export const networkDataPath = dataPathInterceptor(DatagramServiceService, {
  send: { operation: "send", resourceId: (request) => request.networkId },
});

/** strata.network.v1.DatagramService: Send through the vendor's switch, Receive from the kit's receive queues. */
export function createDatagramService(kit: NetworkKit) {
  return defineService(DatagramServiceService, {
    send: (request, ctx) => send(kit, request, ctx),

    async receive(request, ctx, call) {
      validate().id("network_id", request.networkId).id("endpoint_id", request.endpointId).throwIfAny();
      visibleNetwork(kit, ctx.principal, request.networkId);
      const endpoint = endpointOn(kit, ctx.principal, request.networkId, request.endpointId);
      const runtime = kit.switchboard.ports.get(endpoint.portId);
      if (!runtime || runtime.endpoint !== endpoint) throw StrataError.notFound("endpoint", request.endpointId);
      if (runtime.receiving) throw StrataError.busy("endpoint", endpoint.endpointId, "already has an open Receive stream");
      runtime.receiving = true;
      const queue = runtime.queue;
      try {
        for (;;) {
          const first = await queue.take(ctx.signal);
          if (!first) return;
          // What else waits goes in the same message: one write per batch keeps the stream up with a busy port.
          const datagrams = [first, ...queue.takeWaiting(RECEIVE_BATCH - 1)];
          if (!(await writeMessage(call as ServerWritableStream<unknown, ReceiveResponse>, { datagrams }, ctx.signal))) return;
        }
      } finally {
        runtime.receiving = false;
      }
    },
  });
}

async function send(kit: NetworkKit, request: SendRequest, ctx: CallContext) {
  const record = recordOf(ctx);
  const checks = validate().id("network_id", request.networkId).id("source_endpoint_id", request.sourceEndpointId)
    .text("destination_address", request.destinationAddress, 64);
  if (request.payload.length > kit.maxIoBytes) checks.add("payload", `must be at most ${kit.maxIoBytes} bytes (Limits.max_io_bytes)`);
  checks.throwIfAny();
  const network = visibleNetwork(kit, ctx.principal, request.networkId);
  const source = endpointOn(kit, ctx.principal, network.networkId, request.sourceEndpointId);
  const destination = kit.catalog.endpointAt(network.networkId, request.destinationAddress);
  record.resolve({
    resourceId: network.networkId, tenantId: network.workload!.tenantId, applicationId: source.workload!.applicationId,
    attributes: destination ? { source_port_id: source.portId, destination_port_id: destination.portId } : { source_port_id: source.portId },
  });
  if (!destination) throw StrataError.notFound("address", request.destinationAddress);
  return carry(kit, ctx, record, network, source, destination, request.payload);
}

/** Hands the frame to the switch and waits for it at the destination's port: delivered, dropped or lost. */
async function carry(kit: NetworkKit, ctx: CallContext, record: DataPathRecord, network: Network, source: Endpoint, destination: Endpoint, payload: Buffer) {
  const qosClassId = kit.catalog.ports.get(source.portId)?.qosClassId ?? "";
  const qosClass = qosClassId === "" ? undefined : kit.catalog.qosClasses.get(qosClassId);
  const priority = qosClass && qosClass.priority !== Priority.PRIORITY_UNSPECIFIED ? qosClass.priority : Priority.PRIORITY_NORMAL;
  const sentAtUnixNano = record.startTimeUnixNano;
  const traceparent = ctx.trace ? `00-${ctx.trace.traceId.toString("hex")}-${ctx.span.spanId.toString("hex")}-${ctx.trace.flags}` : "";
  const frameId = kit.switchboard.frameId();
  const expected = kit.switchboard.expect({
    frameId, networkId: network.networkId, sourcePortId: source.portId, destinationPortId: destination.portId, sentAtUnixNano,
    datagramOf: (frame: WireFrame, latencyNs: bigint) => ({
      sourceEndpointId: source.endpointId, sourceAddress: frame.sourceAddress, destinationAddress: frame.destinationAddress,
      payload: frame.payload, priority: frame.priority, sendTimeUnixNano: sentAtUnixNano, deliveryLatencyNs: latencyNs, traceparent,
    }),
  });
  try {
    const forwarding = kit.backend.forward({
      frameId, networkId: network.networkId, sourceAddress: source.address, destinationAddress: destination.address,
      priority, payload, sourcePortId: source.portId, qosClass, signal: ctx.signal,
    });
    const result = await Promise.race([expected.result, forwarding.then(() => { expected.lost(); return expected.result; })]);
    if (kit.taps.active) {
      kit.taps.publish({
        timeUnixNano: sentAtUnixNano, networkId: network.networkId, tenantId: record.tenantId, applicationId: record.applicationId,
        sourceEndpointId: source.endpointId, sourceAddress: source.address, sourcePortId: source.portId,
        destinationEndpointId: destination.endpointId, destinationAddress: destination.address, destinationPortId: destination.portId,
        payload, delivered: result.delivered, deliveryLatencyNs: result.delivered ? result.latencyNs : 0n,
        deliveredAtUnixNano: result.delivered ? result.atUnixNano : 0n, priority,
        traceId: ctx.span.traceId ?? Buffer.alloc(0), spanId: ctx.span.traceId ? ctx.span.spanId : Buffer.alloc(0),
      });
    }
    if (!result.delivered) {
      throw StrataError.capacityExhausted(result.reason === "queue-full"
        ? `datagram dropped: the receive queue of port "${destination.portId}" is full`
        : `datagram dropped: the network lost it on its way to port "${destination.portId}"`);
    }
    record.payloadBytes = payload.length;
    return { destinationEndpointId: destination.endpointId, deliveryLatencyNs: result.latencyNs };
  } finally {
    expected.forget();
  }
}

function recordOf(ctx: CallContext): DataPathRecord {
  if (!ctx.dataPath) throw new Error("network Send served without its data-path interceptor");
  return ctx.dataPath;
}
