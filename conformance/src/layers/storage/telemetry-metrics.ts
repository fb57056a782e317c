import { core, rpc, telemetry } from "@strata/sdk/contracts";
import type { DrivenCall } from "../../registry/traffic-driver.js";
import { blockCall, pattern } from "./support/block-traffic.js";
import { createTestVolume, tenantOf } from "./support/conformance-volumes.js";
import { failStream, waitSynced } from "../../helpers/telemetry-expect.js";
import { sampleIntervalMs, subscribeAs, type ReceivedSample } from "../../helpers/telemetry-reader.js";
import { check } from "./storage-checks.js";

type Kind = "counter" | "gauge" | "histogram";

/** The storage metric catalogue, as docs/telemetry.md fixes it (not as any SDK implements it). */
const STORAGE_CATALOGUE: ReadonlyArray<{ metric: string; kind: Kind; unit: string; perOperation: boolean }> = [
  { metric: "strata.storage.io.ops", kind: "counter", unit: "{op}", perOperation: true },
  { metric: "strata.storage.io.bytes", kind: "counter", unit: "By", perOperation: true },
  { metric: "strata.storage.io.ops_rate", kind: "gauge", unit: "{op}/s", perOperation: true },
  { metric: "strata.storage.io.bytes_rate", kind: "gauge", unit: "By/s", perOperation: true },
  { metric: "strata.storage.io.latency", kind: "histogram", unit: "ns", perOperation: true },
  { metric: "strata.storage.io.queue_depth", kind: "gauge", unit: "{request}", perOperation: false },
  { metric: "strata.storage.volume.utilization", kind: "gauge", unit: "%", perOperation: false },
];
const OPERATIONS = ["read", "write"] as const;
const VENDOR_METRIC = /^vendor\.[A-Za-z0-9_-]+\./;
/** Slack over two sample intervals for the samples of the interval that saw the last request, ms. */
const SAMPLE_SLACK_MS = 500;

function kindOf(sample: telemetry.MetricSample): Kind | string {
  const set = (["gauge", "counter", "histogram"] as const).filter((k) => sample[k] !== undefined);
  return set.length === 1 ? set[0]! : `${set.length} values (${set.join(", ") || "none"})`;
}

function seriesName(metric: string, operation?: string): string {
  return operation ? `${metric}{operation=${operation}}` : metric;
}

check("Every metric of the storage catalogue arrives for a volume with its kind, unit, attributes, tenant and application, consistent with the traffic [storage] [telemetry] [metrics]",
  {}, async (t) => {
    const volume = await createTestVolume(t, "metrics");
    const tenantId = tenantOf(t, volume);
    const applicationId = t.config.applicationId;
    const interval = sampleIntervalMs(t.limits);
    const reader = subscribeAs(t, t.tenantA, {
      mode: telemetry.Mode.MODE_STREAM, selector: { resourceIds: [volume.volumeId], includeRecords: true },
    }, "tenant A's Subscribe");
    await waitSynced(t, reader, "tenant A");
    const synced = reader.syncs[0]!;

    const calls: DrivenCall[] = [];
    const id = volume.volumeId;
    for (let i = 0; i < 5; i++) calls.push(await blockCall(t, { volumeId: id, offset: BigInt(i * 4096), write: pattern(4096, i), label: `write #${i + 1}` }));
    for (let i = 0; i < 3; i++) calls.push(await blockCall(t, { volumeId: id, offset: BigInt(i * 4096), readLength: 2048n, label: `read #${i + 1}` }));
    calls.push(await blockCall(t, { volumeId: id, offset: volume.capacityBytes, readLength: 512n, code: rpc.Code.OUT_OF_RANGE, label: "read past the end" }));

    const recordsArrived = await reader.waitFor(() => calls.every((c) => reader.recordsOf(c.trace.traceId).length > 0), 2000, t.signal);
    failStream(t, reader, "tenant A");
    t.ensure(recordsArrived, `the request records of the traffic did not all arrive within 2000 ms; the standard requires one per request`);
    const lastRecord = calls.flatMap((c) => reader.recordsOf(c.trace.traceId)).reduce((max, r) => (r.record.sequence > max ? r.record.sequence : max), 0n);

    // Series of the volume: every catalogue row, per operation where it has one.
    type Series = { row: (typeof STORAGE_CATALOGUE)[number]; op: string | undefined };
    const expected = STORAGE_CATALOGUE.flatMap((row): Series[] => (row.perOperation ? OPERATIONS.map((op) => ({ row, op })) : [{ row, op: undefined }]));
    const sampled = (metric: string, op: string | undefined, after: bigint) => reader.samples.some(({ sample }) =>
      sample.metric === metric && sample.sequence > after && (op === undefined || sample.attributes.operation === op));
    const waitMs = 2 * interval + SAMPLE_SLACK_MS;
    await reader.waitFor(() => expected.every(({ row, op }) => sampled(row.metric, op, lastRecord)), waitMs, t.signal);
    failStream(t, reader, "tenant A");

    const live = reader.samples.filter((s) => s.message > synced);
    for (const { sample } of reader.samples) {
      const known = STORAGE_CATALOGUE.some((row) => row.metric === sample.metric);
      t.ensure(known || VENDOR_METRIC.test(sample.metric), `a sample of metric "${sample.metric}" for volume ${id}; `
        + "the standard allows only the catalogue's metrics and vendor ones under a vendor.<name>. prefix");
    }
    for (const { row, op } of expected) {
      const name = seriesName(row.metric, op);
      t.ensure(sampled(row.metric, op, lastRecord), `${name}: no sample for volume ${id} within ${waitMs} ms after the traffic `
        + `(two sample intervals of ${interval} ms); the standard requires every catalogue row for every volume every interval`);
    }
    for (const row of STORAGE_CATALOGUE) {
      for (const { sample } of reader.samples.filter((s) => s.sample.metric === row.metric)) {
        const at = `${seriesName(row.metric, sample.attributes.operation)} (sequence ${sample.sequence})`;
        t.ensure(sample.unit === row.unit, `${at} has unit "${sample.unit}"; the catalogue fixes "${row.unit}"`);
        const kind = kindOf(sample);
        t.ensure(kind === row.kind, `${at} carries a ${kind} value; the catalogue makes it a ${row.kind}`);
        const keys = Object.keys(sample.attributes).sort();
        t.equal(keys, row.perOperation ? ["operation"] : [], `${at}: attribute keys`);
        if (row.perOperation) {
          t.ensure((OPERATIONS as readonly string[]).includes(sample.attributes.operation!),
            `${at}: attribute operation is "${sample.attributes.operation}"; the standard requires read or write`);
        }
        t.ensure(sample.tenantId === tenantId, `${at}: tenant_id is "${sample.tenantId}"; the series belongs to the volume's tenant, "${tenantId}"`);
        t.ensure(sample.applicationId === applicationId, `${at}: application_id is "${sample.applicationId}"; `
          + `the calls carried strata-application-id "${applicationId}", which also owns the volume`);
        t.ensure(sample.resourceId === id, `${at}: resource_id is "${sample.resourceId}"; the standard requires the volume id`);
        t.ensure(sample.layer === core.Layer.LAYER_STORAGE, `${at}: layer is ${core.layerToJSON(sample.layer)}; the standard requires LAYER_STORAGE`);
        t.ensure(sample.startTimeUnixNano < sample.timeUnixNano,
          `${at}: the interval [${sample.startTimeUnixNano}, ${sample.timeUnixNano}) is empty; the standard requires start before end`);
      }
    }

    // What the traffic must add up to: only OK requests count (docs: "completed").
    const seriesOf = (metric: string, op?: string): ReceivedSample[] =>
      live.filter((s) => s.sample.metric === metric && (op === undefined || s.sample.attributes.operation === op));
    for (const op of OPERATIONS) {
      const done = calls.filter((c) => c.operation === op && c.code === rpc.Code.OK);
      const failed = calls.filter((c) => c.operation === op && c.code !== rpc.Code.OK).length;
      const bytes = done.reduce((sum, c) => sum + c.payloadBytes, 0);
      const durations = done.map((c) => Number(reader.recordsOf(c.trace.traceId)[0]!.record.durationNs));
      for (const [metric, want, unit] of [["strata.storage.io.ops", done.length, "operations"], ["strata.storage.io.bytes", bytes, "bytes"]] as const) {
        const values = seriesOf(metric, op).map((s) => s.sample.counter?.value ?? 0);
        values.forEach((v, i) => t.ensure(i === 0 || v >= values[i - 1]!, `${seriesName(metric, op)} fell from ${values[i - 1]} to ${v}; a counter never decreases`));
        const last = values.at(-1) ?? 0;
        t.ensure(last === want, `${seriesName(metric, op)} reached ${last}; the suite made ${want} ${unit} of successful ${op}s on the new volume`
          + `${failed > 0 ? ` (and ${failed} failed one, which the standard leaves out)` : ""}`);
      }
      for (const [metric, want, unit] of [["strata.storage.io.ops_rate", done.length, "operations"], ["strata.storage.io.bytes_rate", bytes, "bytes"]] as const) {
        const total = seriesOf(metric, op).reduce((sum, { sample }) =>
          sum + (sample.gauge?.value ?? 0) * (Number(sample.timeUnixNano - sample.startTimeUnixNano) / 1e9), 0);
        t.ensure(Math.abs(total - want) <= 0.5 + 0.05 * want, `${seriesName(metric, op)} × interval lengths adds up to ${total.toFixed(2)} ${unit}; `
          + `the suite made ${want} (a rate is per second over the sample's interval)`);
      }
      const histograms = seriesOf("strata.storage.io.latency", op).map((s) => s.sample.histogram!).filter(Boolean);
      let count = 0n;
      let sum = 0;
      for (const h of histograms) {
        const buckets = (h.positive?.bucketCounts ?? []).reduce((a, b) => a + b, 0n);
        t.ensure(h.count === h.zeroCount + buckets, `${seriesName("strata.storage.io.latency", op)}: count ${h.count} but zero_count + bucket counts = ${h.zeroCount + buckets}; the standard requires them equal`);
        t.ensure(h.count === 0n || h.min <= h.max, `${seriesName("strata.storage.io.latency", op)}: min ${h.min} above max ${h.max}`);
        count += h.count;
        sum += h.sum;
      }
      t.ensure(count === BigInt(done.length), `${seriesName("strata.storage.io.latency", op)} counted ${count} values over the traffic; `
        + `the suite made ${done.length} successful ${op}s, whose duration_ns the histogram must record`);
      const recorded = durations.reduce((a, b) => a + b, 0);
      t.ensure(Math.abs(sum - recorded) <= 1e-6 * recorded + done.length,
        `${seriesName("strata.storage.io.latency", op)} sums to ${sum} ns; the records of those ${op}s carry duration_ns adding up to ${recorded}`);
    }
    for (const { sample } of seriesOf("strata.storage.io.queue_depth")) {
      const v = sample.gauge?.value ?? 0;
      t.ensure(Number.isFinite(v) && v >= 0, `strata.storage.io.queue_depth is ${v}; a mean number of requests in flight is ≥ 0`);
    }
    for (const { sample } of seriesOf("strata.storage.volume.utilization")) {
      const v = sample.gauge?.value ?? 0;
      t.ensure(Number.isFinite(v) && v >= 0 && v <= 100, `strata.storage.volume.utilization is ${v}; allocated / capacity × 100 lies in 0..100`);
    }
  });
