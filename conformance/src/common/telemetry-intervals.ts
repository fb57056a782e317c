import { telemetry } from "@strata/sdk/contracts";
import { keepDriving } from "../helpers/drive-calls.js";
import { seriesKey } from "../helpers/series-key.js";
import { failStream, waitSynced } from "../helpers/telemetry-expect.js";
import { sampleIntervalMs, subscribeAs, type TelemetryReader } from "../helpers/telemetry-reader.js";
import { checkEachLayer } from "../registry/check-registry.js";
import type { LayerCheckContext } from "../runner/check-context.js";

const { MODE_STREAM } = telemetry.Mode;
/** The multiple of the base interval the longer stream asks for. */
const MULTIPLE = 2;
/** How long the stream at the longer interval may take to sync, ms. */
const LONGER_SYNC_WAIT_MS = 10_000;

type Sample = telemetry.MetricSample;

/**
 * The base samples of a series that fall within a merged sample's window, or
 * undefined unless the base stream saw the series before the window (so that
 * it did not begin within it) and up to its end.
 */
function baseWindow(merged: Sample, base: readonly Sample[]): Sample[] | undefined {
  const seenBefore = base.some((s) => s.timeUnixNano <= merged.startTimeUnixNano);
  const seenAfter = base.some((s) => s.timeUnixNano >= merged.timeUnixNano);
  if (!seenBefore || !seenAfter) return undefined;
  return base.filter((s) => s.startTimeUnixNano >= merged.startTimeUnixNano && s.timeUnixNano <= merged.timeUnixNano)
    .sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
}

/** The first way a merged sample differs from what its base samples merge to, or undefined. */
function mergeProblem(merged: Sample, window: readonly Sample[], k: number): string | undefined {
  const span = `[${merged.startTimeUnixNano}, ${merged.timeUnixNano})`;
  if (window.length !== k || window[0]!.startTimeUnixNano !== merged.startTimeUnixNano || window.at(-1)!.timeUnixNano !== merged.timeUnixNano) {
    return `its interval ${span} spans ${window.length} base sample(s) (${window.map((s) => `[${s.startTimeUnixNano}, ${s.timeUnixNano})`).join(", ") || "none"}); `
      + `the standard requires one sample per ${k} consecutive base intervals, from the first one's start to the last one's end`;
  }
  if (merged.counter) {
    const last = window.at(-1)!.counter;
    if (merged.counter.value !== last?.value) return `counter ${merged.counter.value} where the last of its ${k} base samples is ${last?.value}; a merged counter is the last cumulative value`;
    if (merged.counter.seriesStartTimeUnixNano !== last.seriesStartTimeUnixNano) {
      return `series_start_time_unix_nano ${merged.counter.seriesStartTimeUnixNano} where its base samples carry ${last.seriesStartTimeUnixNano}; the count began once, whatever the interval`;
    }
  }
  if (merged.gauge) {
    const mean = window.reduce((sum, s) => sum + (s.gauge?.value ?? 0), 0) / k;
    if (Math.abs(merged.gauge.value - mean) > 1e-9 * Math.max(1, Math.abs(mean))) {
      return `gauge ${merged.gauge.value} where its ${k} base samples (${window.map((s) => s.gauge?.value).join(", ")}) average ${mean}; a merged gauge is their mean`;
    }
  }
  if (merged.histogram) {
    const parts = window.map((s) => s.histogram).filter((h): h is telemetry.ExponentialHistogram => h !== undefined);
    const count = parts.reduce((sum, h) => sum + h.count, 0n);
    const sum = parts.reduce((total, h) => total + h.sum, 0);
    const seen = parts.filter((h) => h.count > 0n);
    const h = merged.histogram;
    if (h.count !== count) return `histogram count ${h.count} where its ${k} base histograms count ${count}; a merged histogram is their merge`;
    if (Math.abs(h.sum - sum) > 1e-6 * Math.max(1, Math.abs(sum))) return `histogram sum ${h.sum} where its ${k} base histograms sum to ${sum}`;
    if (seen.length > 0 && (h.min !== Math.min(...seen.map((p) => p.min)) || h.max !== Math.max(...seen.map((p) => p.max)))) {
      return `histogram min ${h.min} and max ${h.max} where its base histograms range from ${Math.min(...seen.map((p) => p.min))} to ${Math.max(...seen.map((p) => p.max))}`;
    }
    const buckets = (h.positive?.bucketCounts ?? []).reduce((a, b) => a + b, 0n);
    if (h.count !== h.zeroCount + buckets) return `histogram count ${h.count} but zero_count + bucket counts = ${h.zeroCount + buckets}; the standard requires them equal`;
  }
  return undefined;
}

/** Samples by series, in arrival order. */
function bySeries(reader: TelemetryReader): Map<string, Sample[]> {
  const series = new Map<string, Sample[]>();
  for (const { sample } of reader.samples) series.set(seriesKey(sample), [...(series.get(seriesKey(sample)) ?? []), sample]);
  return series;
}

/** The live merged samples whose whole window the base stream saw, with those base samples. */
function checkable(base: TelemetryReader, merged: TelemetryReader): Array<{ merged: Sample; window: Sample[] }> {
  const baseSeries = bySeries(base);
  const synced = merged.syncs[0] ?? Infinity;
  return merged.samples.filter((s) => s.message > synced)
    .map(({ sample }) => ({ merged: sample, window: baseWindow(sample, baseSeries.get(seriesKey(sample)) ?? []) }))
    .filter((c): c is { merged: Sample; window: Sample[] } => c.window !== undefined);
}

checkEachLayer("A stream at k × the base sample interval receives one sample per series per k base intervals, merged: counters last, gauges mean, histograms merged [telemetry] [intervals]",
  { covers: ["TEL-SUB-5", "TEL-SAMPLE-2", "TEL-SAMPLE-3", "TEL-HIST-1"], timeoutMs: 30_000 }, async (t: LayerCheckContext) => {
    const { driver, catalogue } = t.module;
    if (catalogue.length === 0) t.skip(`the ${t.module.name} catalogue has no metric to sample`);
    if (t.limits.maxIntervalMultiple < MULTIPLE) t.skip(`Limits.max_interval_multiple is ${t.limits.maxIntervalMultiple}: no longer interval to ask for`);
    const interval = sampleIntervalMs(t.limits);
    const resource = await driver.create(t, { stem: "intervals" });
    const selector = { resourceIds: [resource.id] };
    const base = subscribeAs(t, t.tenantA, { mode: MODE_STREAM, selector }, "the Subscribe at the base interval");
    await waitSynced(t, base, "tenant A (base interval)");
    // A new interval may first merge what the endpoint retains of the window before: give it longer to sync.
    const longer = subscribeAs(t, t.tenantA, {
      mode: MODE_STREAM, selector, sampleIntervalNs: BigInt(MULTIPLE) * t.limits.sampleIntervalNs,
    }, `the Subscribe at ${MULTIPLE} × the base interval`);
    await waitSynced(t, longer, `tenant A (${MULTIPLE} × the base interval)`, LONGER_SYNC_WAIT_MS);

    const traffic = keepDriving(t, resource, Math.max(5, interval / 8));
    const metrics = new Set(catalogue.map((row) => row.metric));
    const covered = () => new Set(checkable(base, longer).map((c) => c.merged.metric));
    // Ends as soon as every metric is covered; the allowance past the intervals is for a busy host, where traffic and streams lag.
    const waitMs = (2 * MULTIPLE + 2) * interval + 5000;
    await longer.waitFor(() => [...metrics].every((m) => covered().has(m)), waitMs, t.signal);
    const calls = await traffic.stop();
    failStream(t, base, "tenant A (base interval)");
    failStream(t, longer, `tenant A (${MULTIPLE} × the base interval)`);

    for (const [key, samples] of bySeries(base)) {
      const starts = [...new Set(samples.filter((s) => s.counter).map((s) => s.counter!.seriesStartTimeUnixNano))];
      t.ensure(starts.length <= 1, `${key}: series_start_time_unix_nano took ${starts.length} values (${starts.join(", ")}) over consecutive base samples of a count that went on; `
        + "the standard requires the same start on every sample of a series until the count restarts from zero");
      const values = samples.filter((s) => s.counter).map((s) => s.counter!.value);
      values.forEach((v, i) => t.ensure(i === 0 || v >= values[i - 1]!, `${key}: counter fell from ${values[i - 1]} to ${v} with the same series start; a counter never decreases`));
    }
    const found = checkable(base, longer);
    const missing = [...metrics].filter((m) => !found.some((c) => c.merged.metric === m));
    t.ensure(missing.length === 0, `no sample of ${missing.join(", ")} at ${MULTIPLE} × the base interval whose whole window the base stream saw, within ${waitMs} ms `
      + `(${longer.samples.length} samples at the longer interval, ${base.samples.length} at the base one, ${calls.length} calls); `
      + `the standard requires one sample per series every ${MULTIPLE} base intervals of ${interval} ms`);
    for (const { merged, window } of found) {
      const problem = mergeProblem(merged, window, MULTIPLE);
      t.ensure(!problem, `${seriesKey(merged)} at ${MULTIPLE} × the base interval (sequence ${merged.sequence}): ${problem}`);
    }
    t.log(`${found.length} merged samples checked against the base stream; ${calls.length} calls of traffic`);
  });
