import { telemetry } from "@strata/sdk/contracts";
import { waitSynced } from "../../helpers/telemetry-expect.js";
import { hex, subscribeAs } from "../../helpers/telemetry-reader.js";
import { check } from "./network-checks.js";
import { makeLan } from "./support/lan.js";
import { datagramsOf, openReceiver } from "./support/receiver.js";
import { sendDatagram } from "./support/send.js";
import { createTap, openTap, recordsOf } from "./support/taps.js";

check("A received datagram continues the Send's trace with the network layer's span as parent, and its tap record names the same span [network] [telemetry] [traces]", { covers: ["CORE-ATTR-3", "TEL-TRACE-1"] }, async (t) => {
  const lan = await makeLan(t, "traces");
  const networkId = lan.network.networkId;
  const reader = subscribeAs(t, t.tenantA, { mode: telemetry.Mode.MODE_STREAM, selector: { resourceIds: [networkId], includeRecords: true, excludeSamples: true } },
    "tenant A's Subscribe");
  await waitSynced(t, reader, "tenant A");
  const tap = openTap(t, (await createTap(t, "traces", { networkIds: [networkId] })).tapId);
  const inbox = openReceiver(t, networkId, lan.endpoints[1]!.endpointId);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const send = (untraced: boolean, label: string) => sendDatagram(t, { networkId, sourceEndpointId: lan.endpoints[0]!.endpointId,
    destinationAddress: lan.endpoints[1]!.address, payload: Buffer.from(label), untraced, label });
  const traced = await send(false, "a traced datagram");
  const untraced = await send(true, "an untraced datagram");
  await inbox.waitFor(() => datagramsOf(inbox).length >= 2, 2000, t.signal);
  await reader.waitFor(() => reader.recordsOf(traced.trace.traceId).length > 0 && reader.recordsOf("").length > 0, 2000, t.signal);
  await tap.waitFor(() => recordsOf(tap).length >= 2, 2000, t.signal);

  const record = reader.recordsOf(traced.trace.traceId)[0]?.record;
  if (!record) return t.fail(`${traced.what} yielded no request record carrying its trace id; the standard requires one per Send`);
  t.equal(hex(record.parentSpanId), traced.trace.spanId, `${traced.what}: its record's parent_span_id must be the caller's span`);
  const [first, second] = datagramsOf(inbox);
  const want = `00-${traced.trace.traceId}-${hex(record.spanId)}-01`;
  t.ensure(first?.traceparent === want, `${traced.what} arrived with traceparent "${first?.traceparent}"; the standard requires "${want}": the Send's trace with the `
    + `network layer's span for that Send (its record's span_id ${hex(record.spanId)}) as parent-id, never the caller's span ${traced.trace.spanId}`);
  t.equal(second?.traceparent, "", `${untraced.what}: a datagram whose Send carried no traceparent arrives with none`);
  const [tapped, tappedUntraced] = recordsOf(tap);
  t.equal([hex(tapped?.traceId ?? new Uint8Array()), hex(tapped?.spanId ?? new Uint8Array())], [traced.trace.traceId, hex(record.spanId)],
    `${traced.what}: its tap record's trace_id and span_id must be its request record's`);
  t.equal([tappedUntraced?.traceId.length, tappedUntraced?.spanId.length], [0, 0], `${untraced.what}: its tap record carries no trace`);
});
