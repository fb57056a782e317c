import { network } from "@strata/sdk/network";
import { hex } from "../../helpers/telemetry-reader.js";
import { check } from "./network-checks.js";
import { makeLan } from "./support/lan.js";
import { datagramsOf, openReceiver } from "./support/receiver.js";
import { sendDatagram, type SentDatagram } from "./support/send.js";
import { createTap, openTap, recordsOf } from "./support/taps.js";

check("A tap records exactly the traffic it selects, field by field, and nothing of another tenant's [network] [taps] [tenancy]", { covers: ["CORE-TEN-2", "CORE-TEN-3", "CORE-COMP-1"] }, async (t) => {
  const lan = await makeLan(t, "tapped", { endpoints: 3 });
  const theirs = await makeLan(t, "tapped-b", { as: t.tenantB });
  const [a, b, c] = lan.endpoints;
  const selected = await createTap(t, "selected", { endpointIds: [a!.endpointId] });
  const everything = await createTap(t, "everything");
  const ofB = await createTap(t, "everything-b", {}, { as: t.tenantB });
  const tapA = openTap(t, selected.tapId);
  const tapAll = openTap(t, everything.tapId);
  const tapB = openTap(t, ofB.tapId, t.tenantB);
  const tapOperator = openTap(t, selected.tapId, t.operator);
  for (const e of [a, b, c]) openReceiver(t, lan.network.networkId, e!.endpointId);
  openReceiver(t, theirs.network.networkId, theirs.endpoints[1]!.endpointId, t.tenantB);
  await new Promise((resolve) => setTimeout(resolve, 100));

  const send = (from: network.Endpoint, to: network.Endpoint, label: string, otherApp?: string) => sendDatagram(t, {
    networkId: lan.network.networkId, sourceEndpointId: from.endpointId, destinationAddress: to.address, payload: Buffer.alloc(100 + label.length), label,
    ...(otherApp ? { applicationId: otherApp } : {}),
  });
  const calls: Array<[SentDatagram, network.Endpoint, network.Endpoint, boolean]> = [];
  for (const [from, to, label, matches] of [[a, b, "a to b", true], [b, c, "b to c", false], [c, a, "c to a", true], [b, a, "b to a", true], [c, b, "c to b", false]] as const) {
    calls.push([await send(from!, to!, label), from!, to!, matches]);
  }
  const foreign = await sendDatagram(t, { as: t.tenantB, networkId: theirs.network.networkId, sourceEndpointId: theirs.endpoints[0]!.endpointId,
    destinationAddress: theirs.endpoints[1]!.address, payload: Buffer.alloc(77), label: "tenant B's datagram" });
  const fence = await send(a!, c!, "the fence");
  calls.push([fence, a!, c!, true]);
  await tapA.waitFor(() => recordsOf(tapA).some((r) => hex(r.traceId) === fence.trace.traceId), 2000, t.signal);
  await tapAll.waitFor(() => recordsOf(tapAll).some((r) => hex(r.traceId) === fence.trace.traceId), 2000, t.signal);
  await tapB.waitFor(() => recordsOf(tapB).some((r) => hex(r.traceId) === foreign.trace.traceId), 2000, t.signal);

  const traces = (records: network.TapRecord[]) => records.map((r) => hex(r.traceId));
  const label = (trace: string) => [...calls.map(([call]) => call), foreign].find((call) => call.trace.traceId === trace)?.what ?? `an unknown datagram (trace ${trace})`;
  t.equal(traces(recordsOf(tapA)).map(label), calls.filter(([, , , matches]) => matches).map(([call]) => call.what),
    "the records of a tap selecting endpoint a: the standard requires exactly the datagrams from or to it, in order");
  const leaked = recordsOf(tapAll).filter((r) => r.networkId === theirs.network.networkId || r.tenantId !== lan.network.workload!.tenantId);
  t.ensure(leaked.length === 0, `tenant A's tap with an empty selector recorded ${leaked.length} datagram(s) of tenant B's network ${theirs.network.networkId}; `
    + "the standard requires that a tenant taps only its own tenant's traffic");
  t.equal(traces(recordsOf(tapAll)).map(label), calls.map(([call]) => call.what), "the records of tenant A's tap with an empty selector: every datagram of its tenant, in order");
  t.equal(traces(recordsOf(tapB)).map(label), [foreign.what], "the records of tenant B's tap with an empty selector: only tenant B's datagram");
  await tapOperator.waitFor(() => recordsOf(tapOperator).length >= recordsOf(tapA).length, 1000, t.signal);
  t.equal(traces(recordsOf(tapOperator)), traces(recordsOf(tapA)), "the operator's stream of tenant A's tap must carry what tenant A's stream carries");

  for (const record of recordsOf(tapA)) {
    const [call, from, to] = calls.find(([c]) => c.trace.traceId === hex(record.traceId))!;
    const at = `the tap record of ${call.what}`;
    t.equal([record.networkId, record.sourceEndpointId, record.sourceAddress, record.sourcePortId, record.destinationEndpointId, record.destinationAddress, record.destinationPortId],
      [lan.network.networkId, from.endpointId, from.address, from.portId, to.endpointId, to.address, to.portId], `${at}: network, source and destination`);
    t.equal([record.payloadBytes, record.outcome, record.tenantId, record.applicationId, record.priority],
      [BigInt(call.payloadBytes), network.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED, lan.network.workload!.tenantId, t.config.applicationId, network.Priority.PRIORITY_NORMAL],
      `${at}: payload bytes, outcome, tenant, application and priority`);
    t.equal(record.deliveryLatencyNs, call.response?.deliveryLatencyNs, `${at}: delivery_latency_ns must be the one the SendResponse gave`);
    t.ensure(record.spanId.length === 8 && record.frame === undefined && record.transaction === undefined,
      `${at}: the standard requires the Send's 8-byte span id, and no frame nor transaction for an unframed payload`);
  }
  const sequences = recordsOf(tapA).map((r) => r.sequence);
  t.equal(sequences, sequences.map((_, i) => BigInt(i + 1)), "a tap stream numbers its records 1, 2, 3… without holes when nothing was dropped");
});
