import { encodeApplicationFrame, network } from "@strata/sdk/network";
import { check } from "./network-checks.js";
import { makeLan } from "./support/lan.js";
import { datagramsOf, openReceiver } from "./support/receiver.js";
import { sendDatagram } from "./support/send.js";
import { createTap, openTap, recordsOf } from "./support/taps.js";

const { FrameKind } = network;
/** How long the service "works" on each request before it answers: a response time the tap must see. */
const THINK_MS = 25;
const REQUESTS = 4;

check("A tap decodes the application framing and pairs each request with its response, with the response time the client saw [network] [taps] [transactions]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const lan = await makeLan(t, "transactions", { endpoints: 3 });
  const [client, service, bystander] = lan.endpoints;
  const tap = openTap(t, (await createTap(t, "transactions", { networkIds: [lan.network.networkId] })).tapId);
  const serviceInbox = openReceiver(t, lan.network.networkId, service!.endpointId);
  const clientInbox = openReceiver(t, lan.network.networkId, client!.endpointId);
  openReceiver(t, lan.network.networkId, bystander!.endpointId);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const send = (from: network.Endpoint, to: network.Endpoint, payload: Buffer, label: string) =>
    sendDatagram(t, { networkId: lan.network.networkId, sourceEndpointId: from.endpointId, destinationAddress: to.address, payload, label });
  const frame = (kind: network.FrameKind, requestId: number, operation: string, status = 0, body = "") =>
    encodeApplicationFrame({ kind, requestId: BigInt(requestId), operation, status }, Buffer.from(body));

  const observed = new Map<number, number>();
  for (let id = 1; id <= REQUESTS; id++) {
    const started = performance.now();
    await send(client!, service!, frame(FrameKind.FRAME_KIND_REQUEST, 100 + id, `cart/op-${id}`, 0, "request body"), `request ${100 + id}`);
    await serviceInbox.waitFor(() => datagramsOf(serviceInbox).length >= id, 2000, t.signal);
    await new Promise((resolve) => setTimeout(resolve, THINK_MS));
    await send(service!, client!, frame(FrameKind.FRAME_KIND_RESPONSE, 100 + id, `cart/op-${id}`, id === REQUESTS ? 7 : 0), `response ${100 + id}`);
    await clientInbox.waitFor(() => datagramsOf(clientInbox).length >= id, 2000, t.signal);
    observed.set(100 + id, performance.now() - started);
  }
  // Noise the pairing must not be fooled by: a response nobody asked for, a request id answered in the wrong direction, an unframed payload.
  await send(service!, client!, frame(FrameKind.FRAME_KIND_RESPONSE, 999, "cart/none"), "an unsolicited response");
  await send(bystander!, client!, frame(FrameKind.FRAME_KIND_RESPONSE, 101, "cart/op-1"), "a response to 101 from a third endpoint");
  const fence = await send(client!, service!, Buffer.from("SA but not a frame"), "an unframed payload");
  await tap.waitFor(() => recordsOf(tap).some((r) => r.payloadBytes === BigInt(fence.payloadBytes) && r.frame === undefined), 2000, t.signal);

  const records = recordsOf(tap);
  const requests = records.filter((r) => r.frame?.kind === FrameKind.FRAME_KIND_REQUEST);
  t.equal(requests.map((r) => [r.frame!.requestId, r.frame!.operation, r.frame!.status]),
    Array.from({ length: REQUESTS }, (_, i) => [BigInt(101 + i), `cart/op-${i + 1}`, 0]), "the decoded frames of the requests: request_id, operation, status");
  t.ensure(requests.every((r) => r.transaction === undefined), "a request's record carries no transaction; the standard puts it on the response's");
  const paired = records.filter((r) => r.transaction !== undefined);
  t.equal(paired.map((r) => r.transaction!.requestId), Array.from({ length: REQUESTS }, (_, i) => BigInt(101 + i)),
    "the transactions: exactly one per request, on its response, and none for an unsolicited response or a response from another endpoint");
  for (const record of paired) {
    const transaction = record.transaction!;
    const id = Number(transaction.requestId);
    const at = `the transaction of request ${id}`;
    t.equal([transaction.operation, transaction.clientEndpointId, transaction.serverEndpointId, transaction.status],
      [`cart/op-${id - 100}`, client!.endpointId, service!.endpointId, id - 100 === REQUESTS ? 7 : 0], `${at}: operation, client, server and status`);
    const request = requests.find((r) => r.frame!.requestId === transaction.requestId)!;
    t.equal(transaction.requestTimeUnixNano, request.timeUnixNano, `${at}: request_time_unix_nano must be when the layer received the request's Send`);
    t.equal(transaction.requestTraceId, request.traceId, `${at}: request_trace_id must be the request's trace id`);
    const responseMs = Number(transaction.responseTimeNs) / 1e6;
    const observedMs = observed.get(id)!;
    t.ensure(responseMs >= THINK_MS && responseMs <= observedMs + 1, `${at}: response_time_ns is ${responseMs.toFixed(3)} ms; the client observed ${observedMs.toFixed(3)} ms `
      + `around a service that waited ${THINK_MS} ms: the standard measures from the request's Send to the response's delivery`);
  }
  t.ensure(records.some((r) => r.frame?.requestId === 999n && r.transaction === undefined), "the unsolicited response must be recorded, decoded, without a transaction");
});
