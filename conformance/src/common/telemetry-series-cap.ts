import { randomBytes } from "node:crypto";
import { telemetry } from "@strata/sdk/contracts";
import { failStream, waitSynced } from "../helpers/telemetry-expect.js";
import { sampleIntervalMs, subscribeAs, type ReceivedSample } from "../helpers/telemetry-reader.js";
import { tenantOf } from "../helpers/drive-calls.js";
import { checkEachLayer } from "../registry/check-registry.js";

/** The most calls the check makes: a cap it needs more calls to exceed is beyond its budget. */
const BUDGET_CALLS = 300;
/** Calls in flight at once. */
const PARALLEL = 10;
/** Slack for the samples of an interval that already ended to arrive, ms. */
const SAMPLE_SLACK_MS = 500;
const OVERFLOW = "strata.overflow";

const seriesKey = ({ sample }: ReceivedSample) =>
  `${sample.applicationId}/${sample.resourceId}/${Object.entries(sample.attributes).sort().map(([k, v]) => `${k}=${v}`).join(",")}`;

checkEachLayer("A tenant's samples of one metric in an interval name at most Limits.max_series_per_tenant series; the rest fold into the strata.overflow series [telemetry] [metrics]",
  { covers: ["TEL-SERIES-1"] }, async (t) => {
    const cap = Number(t.limits.maxSeriesPerTenant);
    // Three times the cap: however the burst straddles an interval boundary, one interval sees more series than the cap.
    const calls = 3 * cap;
    if (cap <= 0) return t.fail(`Limits.max_series_per_tenant is ${cap}; the standard requires the cap a tenant's series are held to`);
    if (calls > BUDGET_CALLS) {
      return t.skip(`Limits.max_series_per_tenant is ${cap}: exceeding it in one interval takes about ${calls} calls of as many applications, beyond the check's budget of ${BUDGET_CALLS}`);
    }
    const { driver } = t.module;
    const resource = await driver.create(t, { stem: "series-cap" });
    const tenant = tenantOf(t, resource);
    const reader = subscribeAs(t, t.tenantA, { mode: telemetry.Mode.MODE_STREAM, selector: {} }, "tenant A's Subscribe");
    await waitSynced(t, reader, "tenant A");
    const synced = reader.syncs[0]!;
    const stem = `conformance-series-${randomBytes(3).toString("hex")}`;
    for (let first = 0; first < calls; first += PARALLEL) {
      await Promise.all(Array.from({ length: Math.min(PARALLEL, calls - first) }, (_, i) => first + i).map((index) =>
        driver.call(t, resource, { index, label: `call #${index + 1}`, applicationId: `${stem}-${index}` })));
    }
    const interval = sampleIntervalMs(t.limits);
    const overflowed = () => reader.samples.some((s) => s.message > synced && s.sample.applicationId === OVERFLOW);
    await reader.waitFor(overflowed, 3 * interval + SAMPLE_SLACK_MS, t.signal);
    failStream(t, reader, "tenant A");

    // Per metric and interval, the series of tenant A besides the overflow series.
    const series = new Map<string, Set<string>>();
    for (const s of reader.samples.filter((x) => x.message > synced && x.sample.tenantId === tenant && x.sample.applicationId !== OVERFLOW)) {
      const key = `${s.sample.metric} for [${s.sample.startTimeUnixNano}, ${s.sample.timeUnixNano})`;
      series.set(key, (series.get(key) ?? new Set()).add(seriesKey(s)));
    }
    const [worst, most] = [...series].map(([key, set]) => [key, set.size] as const).sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
    t.log(`${calls} calls of ${calls} applications; at most ${most} series of one metric in one interval (${worst})`);
    t.ensure(most <= cap, `tenant A's samples of ${worst} name ${most} series besides the overflow series, after ${calls} calls of as many applications; `
      + `Limits.max_series_per_tenant is ${cap}, and the standard folds the work beyond it into the ${OVERFLOW} series`);
    const overflow = reader.samples.find((s) => s.message > synced && s.sample.applicationId === OVERFLOW);
    if (!overflow) {
      return t.fail(`no sample of the ${OVERFLOW} series arrived within ${3 * interval + SAMPLE_SLACK_MS} ms of ${calls} calls of as many applications by tenant A `
        + `(Limits.max_series_per_tenant ${cap}); the standard folds the work of series beyond the cap into it`);
    }
    t.equal([overflow.sample.resourceId, overflow.sample.attributes], [OVERFLOW, { [OVERFLOW]: "true" }],
      `the overflow sample of ${overflow.sample.metric} (sequence ${overflow.sample.sequence}): its resource_id and attributes`);
  });
