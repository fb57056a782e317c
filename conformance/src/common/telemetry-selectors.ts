import { core, telemetry } from "@strata/sdk/contracts";
import { failStream, waitSynced } from "../helpers/telemetry-expect.js";
import { hex, sampleIntervalMs, subscribeAs, type TelemetryReader } from "../helpers/telemetry-reader.js";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import { checkEachLayer } from "../registry/check-registry.js";
import type { DrivenCall } from "../registry/traffic-driver.js";
import type { LayerCheckContext } from "../runner/check-context.js";

/** How long the records of calls already answered may take to reach a live stream, ms. */
const RECORD_WAIT_MS = 2000;

/** A layer value other than the one under test (and never LAYER_UNSPECIFIED), for a selector that must match nothing. */
function anotherLayer(layer: core.Layer): core.Layer {
  return Object.values(core.Layer).find((v): v is core.Layer => typeof v === "number" && v > 0 && v !== layer)!;
}

/** One selector under test: its stream, and what it must and must not carry. */
interface Filtered {
  what: string;
  reader: TelemetryReader;
}

checkEachLayer("Subscribe's selector filters exactly: application_ids, metrics, layers, include_records and exclude_samples [telemetry] [stream] [selector]",
  { covers: ["TEL-SUB-4"] }, async (t: LayerCheckContext) => {
    const { driver, catalogue, layer } = t.module;
    const resource = await driver.create(t, { stem: "selector" });
    const own = t.config.applicationId;
    const other = uniqueApplicationId(t, "selector");
    const metric = catalogue[0]?.metric;
    const elsewhere = anotherLayer(layer);
    const open = (what: string, selector: Partial<telemetry.Selector>): Filtered => ({
      what, reader: subscribeAs(t, t.tenantA, { mode: telemetry.Mode.MODE_STREAM, selector: { resourceIds: [resource.id], ...selector } }, `the Subscribe with ${what}`),
    });
    const application = open(`application_ids [${other}] and include_records`, { applicationIds: [other], includeRecords: true });
    const metrics = metric ? open(`metrics [${metric}] and include_records`, { metrics: [metric], includeRecords: true }) : undefined;
    const ofLayer = open(`layers [${core.layerToJSON(layer)}] and include_records`, { layers: [layer], includeRecords: true });
    const ofElsewhere = open(`layers [${core.layerToJSON(elsewhere)}] and include_records`, { layers: [elsewhere], includeRecords: true });
    const withoutRecords = open("include_records false", {});
    const withoutSamples = open("include_records and exclude_samples", { includeRecords: true, excludeSamples: true });
    const streams = [application, metrics, ofLayer, ofElsewhere, withoutRecords, withoutSamples].filter((s): s is Filtered => s !== undefined);
    for (const { what, reader } of streams) await waitSynced(t, reader, `tenant A (${what})`);

    const calls: DrivenCall[] = [];
    for (const [index, applicationId] of [own, other, own, other].entries()) {
      calls.push(await driver.call(t, resource, { index, label: `call of ${applicationId}`, applicationId }));
    }
    const lastMessage = new Map(streams.map((s) => [s, s.reader.messages.length]));
    // Each stream is read on its own: every one that selects the records gets its own wait for them.
    const carriesAll = (s: Filtered) => s.reader.waitFor(() => calls.every((c) => s.reader.recordsOf(c.trace.traceId).length > 0), RECORD_WAIT_MS, t.signal);
    await Promise.all([carriesAll(ofLayer), carriesAll(withoutSamples)]);
    // Samples of the traffic's interval: those of the other application, and of the metric chosen.
    const sampledAfter = (s: Filtered, match: (sample: telemetry.MetricSample) => boolean) => s.reader.samples.some((r) => r.message >= lastMessage.get(s)! && match(r.sample));
    const waitMs = 2 * sampleIntervalMs(t.limits) + 500;
    await application.reader.waitFor(() => sampledAfter(application, () => true), waitMs, t.signal);
    await withoutRecords.reader.waitFor(() => sampledAfter(withoutRecords, () => true), waitMs, t.signal);
    if (metrics) await metrics.reader.waitFor(() => sampledAfter(metrics, () => true), waitMs, t.signal);
    for (const { what, reader } of streams) failStream(t, reader, `tenant A (${what})`);

    const ofOther = calls.filter((c) => c.applicationId === other);
    const arrived = (s: Filtered, wanted: readonly DrivenCall[]) => {
      const missing = wanted.filter((c) => s.reader.recordsOf(c.trace.traceId).length === 0);
      t.ensure(missing.length === 0, `the Subscribe with ${s.what} never carried the record of ${missing[0]?.what}, which it selects`);
    };
    const foreignRecord = application.reader.records.find((r) => r.record.applicationId !== other);
    t.ensure(!foreignRecord, `the Subscribe with ${application.what} carried a record of application_id "${foreignRecord?.record.applicationId}" (sequence ${foreignRecord?.record.sequence}); `
      + "the standard sends exactly the items of the applications named");
    const foreignSample = application.reader.samples.find((s) => s.sample.applicationId !== other);
    t.ensure(!foreignSample, `the Subscribe with ${application.what} carried a sample of ${foreignSample?.sample.metric} for application_id "${foreignSample?.sample.applicationId}"; `
      + "the standard sends exactly the items of the applications named");
    arrived(application, ofOther);
    if (metrics) {
      const stray = metrics.reader.samples.find((s) => s.sample.metric !== metric);
      t.ensure(!stray, `the Subscribe with ${metrics.what} carried a sample of "${stray?.sample.metric}"; the standard sends samples of the metrics named only`);
      t.ensure(metrics.reader.samples.length > 0, `the Subscribe with ${metrics.what} carried no sample of ${metric} within ${waitMs} ms of the traffic`);
      arrived({ ...metrics, what: `${metrics.what} (metrics does not filter records)` }, calls);
    }
    arrived(ofLayer, calls);
    const leaked = ofElsewhere.reader.records.length + ofElsewhere.reader.samples.length;
    t.ensure(leaked === 0, `the Subscribe with ${ofElsewhere.what} carried ${ofElsewhere.reader.records.length} record(s) and ${ofElsewhere.reader.samples.length} sample(s) `
      + `of layer ${core.layerToJSON(layer)}; the standard sends the items of the layers named only`);
    t.ensure(withoutRecords.reader.records.length === 0, `the Subscribe with ${withoutRecords.what} carried ${withoutRecords.reader.records.length} request record(s) `
      + `(first: trace_id "${hex(withoutRecords.reader.records[0]?.record.traceId ?? new Uint8Array())}"); records are sent only when include_records is true`);
    t.ensure(withoutRecords.reader.samples.length > 0, `the Subscribe with ${withoutRecords.what} carried no sample within ${waitMs} ms; samples are sent unless exclude_samples is true`);
    t.ensure(withoutSamples.reader.samples.length === 0, `the Subscribe with ${withoutSamples.what} carried ${withoutSamples.reader.samples.length} sample(s) `
      + `(first: ${withoutSamples.reader.samples[0]?.sample.metric}); samples are left out when exclude_samples is true`);
    arrived(withoutSamples, calls);
  });
