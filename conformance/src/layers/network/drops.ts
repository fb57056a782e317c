import { core, rpc, telemetry } from "@strata/sdk/contracts";
import { network } from "@strata/sdk/network";
import { waitSynced } from "../../helpers/telemetry-expect.js";
import { sampleIntervalMs, subscribeAs, type TelemetryReader } from "../../helpers/telemetry-reader.js";
import { check, type NetworkContext } from "./network-checks.js";
import { makeLan } from "./support/lan.js";
import { datagramsOf, openReceiver } from "./support/receiver.js";
import { createTap, openTap, recordsOf } from "./support/taps.js";

const { Code } = rpc;
/** Datagrams sent beyond a full queue. */
const EXTRA = 3;

/** What the samples of one series add up to, rate × interval, after `after` (a log sequence). */
function integral(reader: TelemetryReader, metric: string, resourceId: string, after = 0n): number {
  return reader.samples.filter(({ sample }) => sample.metric === metric && sample.resourceId === resourceId && sample.sequence > after)
    .reduce((sum, { sample }) => sum + (sample.gauge?.value ?? 0) * (Number(sample.timeUnixNano - sample.startTimeUnixNano) / 1e9), 0);
}

/** The last value of a series. */
function last(reader: TelemetryReader, metric: string, resourceId: string): number | undefined {
  return reader.samples.filter(({ sample }) => sample.metric === metric && sample.resourceId === resourceId).at(-1)?.sample.gauge?.value;
}

/** Waits for a sample of each (resource, metric) logged after now: the interval of what the check did has closed. */
async function samplesAfter(t: NetworkContext, reader: TelemetryReader, series: Array<[string, string]>): Promise<void> {
  const mark = reader.watermark;
  const interval = sampleIntervalMs(t.limits);
  await reader.waitFor(() => series.every(([id, m]) => reader.samples.some(({ sample }) => sample.sequence > mark && sample.resourceId === id && sample.metric === m)),
    2 * interval + 500, t.signal);
}

check("A full receive queue drops, says so to the sender, and every drop is counted: drop rates, queue depths and taps [network] [drops] [telemetry]", { covers: ["NET-DELIVER-1", "NET-DELIVER-2", "CORE-COMP-1"] }, async (t) => {
  const lan = await makeLan(t, "drops");
  const [from, to] = lan.endpoints;
  const networkId = lan.network.networkId;
  const capacity = lan.ports[1]!.queueCapacityDatagrams;
  const reader = subscribeAs(t, t.tenantA, { mode: telemetry.Mode.MODE_STREAM, selector: { resourceIds: [networkId, to!.portId] } }, "tenant A's Subscribe");
  await waitSynced(t, reader, "tenant A");
  const tap = openTap(t, (await createTap(t, "drops", { networkIds: [networkId] })).tapId);
  await new Promise((resolve) => setTimeout(resolve, 50));

  const codes: rpc.Code[] = [];
  for (let i = 0; i < capacity + EXTRA; i++) {
    codes.push(await t.tenantA.datagrams.send({ networkId, sourceEndpointId: from!.endpointId, destinationAddress: to!.address, payload: Buffer.from([i & 0xff, i >> 8]) })
      .then(() => Code.OK, (e: { code: number }) => e.code as rpc.Code));
  }
  const ok = codes.filter((c) => c === Code.OK).length;
  t.equal(ok, capacity, `Sends answered OK while nobody read a receive queue of queue_capacity_datagrams ${capacity}`);
  const refused = codes.slice(capacity);
  t.equal(refused, Array(EXTRA).fill(Code.RESOURCE_EXHAUSTED), `the ${EXTRA} Sends beyond a full queue: the standard requires RESOURCE_EXHAUSTED for a dropped datagram, never a silent OK`);
  const { port } = await t.expectCode(t.tenantA.ports.getPort({ portId: to!.portId }), Code.OK, "GetPort of the full port");
  t.equal(port?.queueCapacityDatagrams, capacity, "queue_capacity_datagrams of the port");
  const dropped = await t.tenantA.datagrams.send({ networkId, sourceEndpointId: from!.endpointId, destinationAddress: to!.address, payload: Buffer.from("one more") })
    .then(() => undefined, (e) => e as { reasonName?: string; retryDelayMs?: number });
  t.equal([dropped?.reasonName, dropped?.retryDelayMs], [core.ErrorReason[core.ErrorReason.ERROR_REASON_CAPACITY_EXHAUSTED], undefined],
    "a dropped datagram's RESOURCE_EXHAUSTED: reason and RetryInfo");
  const drops = EXTRA + 1;

  await samplesAfter(t, reader, [[networkId, "strata.network.queue_depth"], [networkId, "strata.network.drops_rate"],
    [to!.portId, "strata.network.port.queue_depth"], [to!.portId, "strata.network.port.drops_rate"]]);
  t.equal([last(reader, "strata.network.queue_depth", networkId), last(reader, "strata.network.port.queue_depth", to!.portId)], [capacity, capacity],
    `strata.network.queue_depth and strata.network.port.queue_depth with ${capacity} datagrams waiting in the full queue`);
  const counted = [integral(reader, "strata.network.drops_rate", networkId), integral(reader, "strata.network.port.drops_rate", to!.portId)];
  t.ensure(counted.every((c) => Math.abs(c - drops) <= 0.5), `strata.network.drops_rate and strata.network.port.drops_rate × interval lengths add up to `
    + `${counted.map((c) => c.toFixed(2)).join(" and ")} datagrams; the suite caused ${drops} drops, and the standard requires every drop counted`);

  await tap.waitFor(() => recordsOf(tap).length >= capacity + drops, 2000, t.signal);
  const outcomes = recordsOf(tap).map((r) => r.outcome);
  t.equal([outcomes.filter((o) => o === network.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED).length, outcomes.filter((o) => o === network.DeliveryOutcome.DELIVERY_OUTCOME_DROPPED).length],
    [capacity, drops], "a tap on the network: records delivered and dropped");
  t.ensure(recordsOf(tap).filter((r) => r.outcome === network.DeliveryOutcome.DELIVERY_OUTCOME_DROPPED).every((r) => r.deliveryLatencyNs === 0n),
    "a dropped datagram's tap record carries delivery_latency_ns 0");

  const inbox = openReceiver(t, networkId, to!.endpointId);
  await inbox.waitFor(() => datagramsOf(inbox).length >= capacity, 3000, t.signal);
  const got = datagramsOf(inbox).map((d) => d.payload.readUInt16LE(0));
  t.equal(got, Array.from({ length: capacity }, (_, i) => i), "the full queue, read at last, must hold exactly the datagrams answered OK, in order");
});
