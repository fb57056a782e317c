import { setTimeout as sleep } from "node:timers/promises";
import { rpc, telemetry } from "@strata/sdk/contracts";
import { driveCalls } from "../helpers/drive-calls.js";
import { describeError } from "../helpers/describe-error.js";
import { epochNanos } from "../helpers/scheduling-delay.js";
import { failStream, waitSynced } from "../helpers/telemetry-expect.js";
import { sampleIntervalMs, subscribeAs, type ReceivedSample } from "../helpers/telemetry-reader.js";
import { checkEachLayer } from "../registry/check-registry.js";

const { MODE_STREAM, MODE_ONCE } = telemetry.Mode;
/** Calls made on the resource before it is deleted, so that it has series. */
const CALLS = 4;
/** Base intervals the check watches the stream after the delete. */
const WATCHED_INTERVALS = 3;
/** Slack for the samples of an interval that already ended to arrive, ms. */
const SAMPLE_SLACK_MS = 500;

/** "<metric>{operation=write} of tenant t1, application a1, for [start, end) (sequence n)". */
function describeSample({ sample }: ReceivedSample): string {
  const attributes = Object.entries(sample.attributes).map(([k, v]) => `${k}=${v}`).join(",");
  return `${sample.metric}${attributes ? `{${attributes}}` : ""} of tenant ${sample.tenantId}, application ${sample.applicationId}, `
    + `for [${sample.startTimeUnixNano}, ${sample.timeUnixNano}) (sequence ${sample.sequence})`;
}

checkEachLayer("A deleted resource's series send no sample of an interval begun after the delete, and leave a new stream's initial state [telemetry] [metrics]",
  { covers: ["TEL-SERIES-2", "TEL-SERIES-3"] }, async (t) => {
    const { driver } = t.module;
    const noun = driver.resourceKind;
    const resource = await driver.create(t, { stem: "series-end" });
    const id = resource.id;
    const interval = sampleIntervalMs(t.limits);
    // The operator's stream: the series of the resource whatever their tenant and application.
    const reader = subscribeAs(t, t.operator, { mode: MODE_STREAM, selector: { resourceIds: [id] } }, "the operator's Subscribe");
    await waitSynced(t, reader, "the operator");
    const synced = reader.syncs[0]!;

    await driveCalls(t, resource, CALLS);
    const sampled = await reader.waitFor(() => reader.samples.some((s) => s.message > synced), 2 * interval + SAMPLE_SLACK_MS, t.signal);
    failStream(t, reader, "the operator");
    if (!sampled) {
      t.fail(`no sample of ${noun} ${id} arrived within ${2 * interval + SAMPLE_SLACK_MS} ms of ${CALLS} calls on it (sample interval ${interval} ms); `
        + "the standard requires every metric of the catalogue to be sampled each interval for a resource with traffic, and this check needs them");
    }

    await t.expectCode(driver.delete(t.tenantA, id), rpc.Code.OK, `${driver.rpcs.delete} ${id}`);
    const deletedAt = epochNanos();
    await sleep(WATCHED_INTERVALS * interval + SAMPLE_SLACK_MS, undefined, { signal: t.signal });
    failStream(t, reader, "the operator");

    // The interval in which it went may still send one last sample of each row; one that began after the delete may not.
    const tolerance = BigInt(Math.round(t.config.clockToleranceMs * 1e6));
    const later = reader.samples.filter((s) => s.sample.startTimeUnixNano > deletedAt + tolerance);
    t.ensure(later.length === 0, `${later.length} sample(s) of ${noun} ${id} arrived for intervals that began after ${driver.rpcs.delete} answered OK `
      + `at ${deletedAt} (UNIX epoch ns by the suite's clock, tolerance ${t.config.clockToleranceMs} ms; first: ${later[0] ? describeSample(later[0]) : ""}); `
      + "the standard allows every series of a deleted resource at most one more sample, for the interval in which it went, then none");

    const fresh = subscribeAs(t, t.operator, { mode: MODE_ONCE, selector: { resourceIds: [id] } }, "the operator's new MODE_ONCE Subscribe");
    await fresh.waitFor(() => fresh.synced || fresh.ended, Math.max(3000, t.config.timeoutMs / 2), t.signal);
    if (!fresh.synced) {
      t.fail(`a new Subscribe MODE_ONCE for ${noun} ${id} sent no SyncMarker${fresh.error ? ` (${describeError(fresh.error)})` : ""}; `
        + "the standard requires its initial state, then a SyncMarker");
    }
    const lingering = fresh.samples.filter((s) => s.message < fresh.syncs[0]!);
    t.ensure(lingering.length === 0, `a new stream's initial state, ${WATCHED_INTERVALS} sample intervals after ${noun} ${id} was deleted, holds `
      + `${lingering.length} sample(s) of it (first: ${lingering[0] ? describeSample(lingering[0]) : ""}); `
      + "the standard requires a deleted resource's series to leave every new stream's initial state once they ended");
  });
