import { core, rpc, telemetry } from "@strata/sdk/contracts";
import { driveCalls, tenantOf } from "../helpers/drive-calls.js";
import { failStream, waitSynced } from "../helpers/telemetry-expect.js";
import { sampleIntervalMs, subscribeAs, type ReceivedSample } from "../helpers/telemetry-reader.js";
import { checkEachLayer } from "../registry/check-registry.js";
import type { CatalogueRow, MetricKind } from "../registry/metric-catalogue.js";
import type { DrivenCall } from "../registry/traffic-driver.js";
import type { LayerCheckContext } from "../runner/check-context.js";

const VENDOR_METRIC = /^vendor\.[A-Za-z0-9_-]+\./;
/** Slack over two sample intervals for the samples of the interval that saw the last request, ms. */
const SAMPLE_SLACK_MS = 500;
/** Successful calls the check drives, the driver's operations in turn. */
const CALLS = 8;

function kindOf(sample: telemetry.MetricSample): MetricKind | string {
  const set = (["gauge", "counter", "histogram"] as const).filter((k) => sample[k] !== undefined);
  return set.length === 1 ? set[0]! : `${set.length} values (${set.join(", ") || "none"})`;
}

function seriesName(metric: string, operation?: string): string {
  return operation ? `${metric}{operation=${operation}}` : metric;
}

checkEachLayer("Every metric of the layer's catalogue arrives for a resource with its kind, unit, attributes, tenant and application, consistent with the traffic [telemetry] [metrics]",
  { covers: ["TEL-CAT-1", "TEL-CAT-2", "TEL-SAMPLE-1", "TEL-SAMPLE-3", "TEL-HIST-1"] }, async (t) => {
    const { driver, catalogue, layer } = t.module;
    const operations = driver.operations;
    const resource = await driver.create(t, { stem: "metrics" });
    const id = resource.id;
    const noun = driver.resourceKind;
    const tenantId = tenantOf(t, resource);
    const applicationId = t.config.applicationId;
    const interval = sampleIntervalMs(t.limits);
    const reader = subscribeAs(t, t.tenantA, {
      mode: telemetry.Mode.MODE_STREAM, selector: { resourceIds: [id], includeRecords: true },
    }, "tenant A's Subscribe");
    await waitSynced(t, reader, "tenant A");
    const synced = reader.syncs[0]!;

    const calls: DrivenCall[] = await driveCalls(t, resource, CALLS);
    calls.push(await driver.call(t, resource, { index: CALLS, label: "a failing call", fail: true }));

    const recordsArrived = await reader.waitFor(() => calls.every((c) => reader.recordsOf(c.trace.traceId).length > 0), 2000, t.signal);
    failStream(t, reader, "tenant A");
    t.ensure(recordsArrived, `the request records of the traffic did not all arrive within 2000 ms; the standard requires one per request`);
    const lastRecord = calls.flatMap((c) => reader.recordsOf(c.trace.traceId)).reduce((max, r) => (r.record.sequence > max ? r.record.sequence : max), 0n);

    // Series of the resource: every catalogue row, per operation where it has one.
    type Series = { row: CatalogueRow; op: string | undefined };
    const expected = catalogue.flatMap((row): Series[] => (row.perOperation ? operations.map((op) => ({ row, op })) : [{ row, op: undefined }]));
    const sampled = (metric: string, op: string | undefined, after: bigint) => reader.samples.some(({ sample }) =>
      sample.metric === metric && sample.sequence > after && (op === undefined || sample.attributes.operation === op));
    const waitMs = 2 * interval + SAMPLE_SLACK_MS;
    await reader.waitFor(() => expected.every(({ row, op }) => sampled(row.metric, op, lastRecord)), waitMs, t.signal);
    failStream(t, reader, "tenant A");

    const live = reader.samples.filter((s) => s.message > synced);
    for (const { sample } of reader.samples) {
      const known = catalogue.some((row) => row.metric === sample.metric);
      t.ensure(known || VENDOR_METRIC.test(sample.metric), `a sample of metric "${sample.metric}" for ${noun} ${id}; `
        + "the standard allows only the catalogue's metrics and vendor ones under a vendor.<name>. prefix");
    }
    for (const { row, op } of expected) {
      const name = seriesName(row.metric, op);
      t.ensure(sampled(row.metric, op, lastRecord), `${name}: no sample for ${noun} ${id} within ${waitMs} ms after the traffic `
        + `(two sample intervals of ${interval} ms); the standard requires every catalogue row for every ${noun} every interval`);
    }
    for (const row of catalogue) {
      const seriesStarts = new Map<string, bigint>();
      for (const { sample } of reader.samples.filter((s) => s.sample.metric === row.metric)) {
        const at = `${seriesName(row.metric, sample.attributes.operation)} (sequence ${sample.sequence})`;
        if (sample.counter) {
          const started = sample.counter.seriesStartTimeUnixNano;
          const series = seriesName(row.metric, sample.attributes.operation);
          const first = seriesStarts.get(series) ?? started;
          seriesStarts.set(series, first);
          t.ensure(started > 0n && started <= sample.startTimeUnixNano, `${at}: series_start_time_unix_nano ${started} is ${started === 0n ? "unset" : "after the sample's interval starts"}; `
            + `the standard requires when the count began, at or before the interval [${sample.startTimeUnixNano}, ${sample.timeUnixNano})`);
          t.ensure(started === first, `${at}: series_start_time_unix_nano moved from ${first} to ${started} while the count went on; `
            + "the standard requires the same start on every sample of a series until the count restarts from zero");
        }
        t.ensure(sample.unit === row.unit, `${at} has unit "${sample.unit}"; the catalogue fixes "${row.unit}"`);
        const kind = kindOf(sample);
        t.ensure(kind === row.kind, `${at} carries a ${kind} value; the catalogue makes it a ${row.kind}`);
        const keys = Object.keys(sample.attributes).sort();
        t.equal(keys, row.perOperation ? ["operation"] : [], `${at}: attribute keys`);
        if (row.perOperation) {
          t.ensure(operations.includes(sample.attributes.operation!),
            `${at}: attribute operation is "${sample.attributes.operation}"; the standard requires one of ${operations.join(", ")}`);
        }
        t.ensure(sample.tenantId === tenantId, `${at}: tenant_id is "${sample.tenantId}"; the series belongs to the ${noun}'s tenant, "${tenantId}"`);
        t.ensure(sample.applicationId === applicationId, `${at}: application_id is "${sample.applicationId}"; `
          + `the calls carried strata-application-id "${applicationId}", which also owns the ${noun}`);
        t.ensure(sample.resourceId === id, `${at}: resource_id is "${sample.resourceId}"; the standard requires the ${noun} id`);
        t.ensure(sample.layer === layer, `${at}: layer is ${core.layerToJSON(sample.layer)}; the standard requires ${core.layerToJSON(layer)}`);
        t.ensure(sample.startTimeUnixNano < sample.timeUnixNano,
          `${at}: the interval [${sample.startTimeUnixNano}, ${sample.timeUnixNano}) is empty; the standard requires start before end`);
        if (row.range) {
          const value = sample.gauge?.value ?? sample.counter?.value ?? 0;
          const [low, high] = row.range;
          t.ensure(Number.isFinite(value) && value >= low && value <= high, `${at} is ${value}; the catalogue bounds it to [${low}, ${high}]`);
        }
      }
    }

    // What the traffic must add up to: only OK requests count (docs: "completed").
    const seriesOf = (metric: string, op?: string): ReceivedSample[] =>
      live.filter((s) => s.sample.metric === metric && (op === undefined || s.sample.attributes.operation === op));
    for (const op of operations) {
      const done = calls.filter((c) => c.operation === op && c.code === rpc.Code.OK);
      const failed = calls.filter((c) => c.operation === op && c.code !== rpc.Code.OK).length;
      const bytes = done.reduce((sum, c) => sum + c.payloadBytes, 0);
      const left = failed > 0 ? ` (and ${failed} failed one, which the standard leaves out)` : "";
      for (const row of catalogue.filter((r) => r.perOperation && r.tally)) {
        const name = seriesName(row.metric, op);
        const samples = seriesOf(row.metric, op);
        if (row.tally === "calls" || row.tally === "bytes") {
          const [want, unit] = row.tally === "calls" ? [done.length, "calls"] : [bytes, "bytes"];
          const values = samples.map((s) => s.sample.counter?.value ?? 0);
          values.forEach((v, i) => t.ensure(i === 0 || v >= values[i - 1]!, `${name} fell from ${values[i - 1]} to ${v}; a counter never decreases`));
          const last = values.at(-1) ?? 0;
          t.ensure(last === want, `${name} reached ${last}; the suite made ${want} ${unit} of successful ${op}s on the new ${noun}${left}`);
        } else if (row.tally === "calls-rate" || row.tally === "bytes-rate") {
          const [want, unit] = row.tally === "calls-rate" ? [done.length, "calls"] : [bytes, "bytes"];
          const total = samples.reduce((sum, { sample }) =>
            sum + (sample.gauge?.value ?? 0) * (Number(sample.timeUnixNano - sample.startTimeUnixNano) / 1e9), 0);
          t.ensure(Math.abs(total - want) <= 0.5 + 0.05 * want, `${name} × interval lengths adds up to ${total.toFixed(2)} ${unit}; `
            + `the suite made ${want} (a rate is per second over the sample's interval)`);
        } else if (row.tally === "measurement-sum") {
          const want = done.reduce((sum, c) => sum + (c.measurements?.[row.measurement!] ?? 0), 0);
          const values = samples.map((s) => s.sample.counter?.value ?? 0);
          values.forEach((v, i) => t.ensure(i === 0 || v >= values[i - 1]!, `${name} fell from ${values[i - 1]} to ${v}; a counter never decreases`));
          const last = values.at(-1) ?? 0;
          t.ensure(Math.abs(last - want) <= 1e-9 * want + 0.5, `${name} reached ${last}; the answers of the ${done.length} successful ${op}s `
            + `on the new ${noun} said ${row.measurement} adds up to ${want}${left}`);
        } else if (row.tally === "measurement-histogram") {
          const { count, sum } = histogramTotals(t, name, samples);
          const measured = done.map((c) => c.measurements?.[row.measurement!] ?? 0);
          const want = measured.reduce((a, b) => a + b, 0);
          t.ensure(count === BigInt(done.length), `${name} counted ${count} values over the traffic; `
            + `the suite made ${done.length} successful ${op}s, whose ${row.measurement} the histogram must record`);
          t.ensure(Math.abs(sum - want) <= 1e-6 * want + done.length,
            `${name} sums to ${sum}; the answers of those ${op}s said ${row.measurement} adds up to ${want}`);
        } else {
          const durations = done.map((c) => Number(reader.recordsOf(c.trace.traceId)[0]!.record.durationNs));
          const { count, sum } = histogramTotals(t, name, samples);
          t.ensure(count === BigInt(done.length), `${name} counted ${count} values over the traffic; `
            + `the suite made ${done.length} successful ${op}s, whose duration_ns the histogram must record`);
          const recorded = durations.reduce((a, b) => a + b, 0);
          t.ensure(Math.abs(sum - recorded) <= 1e-6 * recorded + done.length,
            `${name} sums to ${sum} ns; the records of those ${op}s carry duration_ns adding up to ${recorded}`);
        }
      }
    }
  });

/** The values a series' histograms counted and summed, each histogram checked for consistency. */
function histogramTotals(t: LayerCheckContext, name: string, samples: readonly ReceivedSample[]): { count: bigint; sum: number } {
  let count = 0n;
  let sum = 0;
  for (const h of samples.map((s) => s.sample.histogram!).filter(Boolean)) {
    const buckets = (h.positive?.bucketCounts ?? []).reduce((a, b) => a + b, 0n);
    t.ensure(h.count === h.zeroCount + buckets, `${name}: count ${h.count} but zero_count + bucket counts = ${h.zeroCount + buckets}; the standard requires them equal`);
    t.ensure(h.count === 0n || h.min <= h.max, `${name}: min ${h.min} above max ${h.max}`);
    count += h.count;
    sum += h.sum;
  }
  return { count, sum };
}
