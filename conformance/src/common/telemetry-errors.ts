import type { StrataError } from "@strata/sdk/client";
import { core, rpc, telemetry } from "@strata/sdk/contracts";
import { describeError } from "../helpers/describe-error.js";
import { TelemetryReader, subscribeRequest, type SubscribeInput } from "../helpers/telemetry-reader.js";
import { check } from "../registry/check-registry.js";
import type { CheckContext } from "../runner/check-context.js";

const { MODE_STREAM, MODE_ONCE } = telemetry.Mode;
/** How long a Subscribe may take to fail, or to reach its SyncMarker, ms. */
const ANSWER_MS = 2000;
/** The most streams the intervals check opens at once; an endpoint serving more intervals is not provoked. */
const MAX_INTERVAL_STREAMS = 64;
const UINT64_MAX = (1n << 64n) - 1n;

/** Opens a Subscribe as tenant A (cancelled when the check ends) and waits until it fails or reaches its SyncMarker. */
async function answer(t: CheckContext, request: SubscribeInput, what: string): Promise<TelemetryReader> {
  const reader = new TelemetryReader(t.tenantA.telemetry.subscribe(subscribeRequest(request)));
  t.track(() => reader.cancel(), `cancel the Subscribe with ${what}`);
  await reader.waitFor(() => reader.synced || reader.ended, ANSWER_MS, t.signal);
  return reader;
}

/** The error a Subscribe must have answered, failing when it opened (or hung) instead. */
function refusal(t: CheckContext, reader: TelemetryReader, what: string, code: rpc.Code): Promise<StrataError> {
  const got = reader.error ? Promise.reject(reader.error)
    : reader.synced ? Promise.resolve(`a stream (SyncMarker after ${reader.messages.length} messages)`)
      : Promise.reject(new Error(`neither an error nor a SyncMarker within ${ANSWER_MS} ms`));
  return t.expectCode(got, code, `Subscribe with ${what}`);
}

check("Subscribe answers each INVALID_ARGUMENT row of its error table naming the field: resume fields, sample_interval_ns, selector.layers [telemetry] [errors]",
  { covers: ["TEL-SUB-2", "CORE-ERR-3", "CORE-ERR-7", "CORE-LAYER-2", "CORE-LIM-2"] }, async (t: CheckContext) => {
    const base = t.limits.sampleIntervalNs;
    if (base <= 0n) t.fail("Limits.sample_interval_ns is 0; the standard requires the base sample interval (more than 0)");
    const once = await answer(t, { mode: MODE_ONCE, selector: { excludeSamples: true } }, "MODE_ONCE to read the log");
    if (!once.synced) t.fail(`Subscribe MODE_ONCE sent no SyncMarker within ${ANSWER_MS} ms${once.error ? ` (${describeError(once.error)})` : ""}`);
    const head = once.messages[once.syncs[0]!]!.sync!.sequence;
    const tooLong = BigInt(t.limits.maxIntervalMultiple + 1) * base;
    const rows: Array<[string, SubscribeInput, string]> = [
      ["resume_after_sequence 1 and no resume_log_id", { mode: MODE_STREAM, resumeAfterSequence: 1n }, "resume_log_id"],
      [`resume_after_sequence ${head + 1_000_000_000n}, beyond the log's last sequence ${head} (log ${once.logId})`,
        { mode: MODE_STREAM, resumeAfterSequence: head + 1_000_000_000n, resumeLogId: once.logId }, "resume_after_sequence"],
      [`sample_interval_ns ${base + 1n}, not a whole multiple of Limits.sample_interval_ns ${base}`, { mode: MODE_STREAM, sampleIntervalNs: base + 1n }, "sample_interval_ns"],
      ...(tooLong <= UINT64_MAX ? [[`sample_interval_ns ${tooLong}, Limits.max_interval_multiple ${t.limits.maxIntervalMultiple} + 1 times the base interval`,
        { mode: MODE_STREAM, sampleIntervalNs: tooLong }, "sample_interval_ns"] as [string, SubscribeInput, string]] : []),
      ["selector.layers [LAYER_UNSPECIFIED]", { mode: MODE_STREAM, selector: { layers: [core.Layer.LAYER_UNSPECIFIED] } }, "selector.layers"],
      ["selector.layers [999], a value the standard does not define", { mode: MODE_STREAM, selector: { layers: [999 as core.Layer] } }, "selector.layers"],
    ];
    for (const [what, request, field] of rows) {
      const error = await refusal(t, await answer(t, request, what), what, rpc.Code.INVALID_ARGUMENT);
      const named = error.fieldViolations.map((v) => v.field);
      t.ensure(named.includes(field), `Subscribe with ${what}: the BadRequest names ${named.length ? `[${named.join(", ")}]` : "no field"}; `
        + `the standard requires a field violation naming "${field}"`);
    }
  });

check("Subscribe answers RESOURCE_EXHAUSTED without RetryInfo once a stream needs one sample interval more than Limits.max_sample_intervals [telemetry] [errors] [limits]",
  { covers: ["CORE-LIM-2", "CORE-ERR-7"] }, async (t: CheckContext) => {
    const max = t.limits.maxSampleIntervals;
    const multiples = t.limits.maxIntervalMultiple;
    if (max < 1) t.fail(`Limits.max_sample_intervals is ${max}; the standard requires at least 1`);
    if (max > MAX_INTERVAL_STREAMS) t.skip(`Limits.max_sample_intervals is ${max}: provoking it takes more than ${MAX_INTERVAL_STREAMS} streams at once`);
    if (max + 1 > multiples) t.skip(`Limits.max_sample_intervals is ${max} and Limits.max_interval_multiple ${multiples}: there are not ${max} other intervals to ask for`);
    // The base interval counts; other streams may hold intervals too, so the refusal may come sooner, never later.
    for (let multiple = 2; multiple <= max + 1; multiple++) {
      const what = `sample_interval_ns ${multiple} × the base interval (distinct interval ${multiple} with the base one)`;
      const reader = await answer(t, { mode: MODE_STREAM, sampleIntervalNs: BigInt(multiple) * t.limits.sampleIntervalNs, selector: { resourceIds: [t.absentId()] } }, what);
      if (reader.synced) continue;
      const error = await refusal(t, reader, what, rpc.Code.RESOURCE_EXHAUSTED);
      t.ensure(error.retryDelayMs === undefined, `Subscribe with ${what}: RESOURCE_EXHAUSTED carries RetryInfo (${error.retryDelayMs} ms); `
        + "too many intervals is not throttling: the standard requires no RetryInfo, the caller asks for an interval already served");
      t.log(`refused at ${multiple} × the base interval, ${multiple} distinct intervals with the base one`);
      return;
    }
    t.fail(`Subscribe accepted ${max + 1} distinct sample intervals at once (the base one and ${max} multiples of it); `
      + `Limits.max_sample_intervals is ${max}, and the standard requires RESOURCE_EXHAUSTED for a stream that needs one more`);
  });
