import { core, rpc } from "@strata/sdk/contracts";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { SchedulingDelayProbe } from "../../helpers/scheduling-delay.js";
import { latencyToleranceMs } from "../../runner/latency-tolerance.js";
import { check } from "./access-checks.js";
import { openSession, setShaping } from "./support/access-resources.js";
import { forwardCall, type ForwardedCall } from "./support/forward-call.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
const { FEATURE_ACCESS_SHAPING } = core.Feature;
/** The rate check: requests a second, and how many are sent at once (their carriage spans (N - 1) / rate = 1.2 s, over the one second the spec's bounds need). */
const RATE = 20;
const BURST_SENT = 25;
/** The delay check: a faster policy, fewer requests (0.28 s). */
const DELAY_RATE = 50;
const DELAY_SENT = 15;
/** Slack for the two clocks when an answer says a call took longer than the caller waited, ms. */
const CLOCK_EPSILON_MS = 1;
/** Requests of tenant B sent while tenant A's wait. */
const OTHER_SENT = 3;
/** What an unshaped tenant's request may take beyond the latency tolerance and the suite's own scheduling delay, ms. */
const OTHER_SLACK_MS = 100;
/** Floods the rate check judges, at most, while they are too slow: the first, and one more. */
const SLOW_FLOODS = 2;

/** Sends `count` Forwards at once on a session; resolves when all are answered, each with when it was answered (ms after the first was sent). */
async function flood(t: Parameters<Parameters<typeof check>[2]>[0], sessionId: string, count: number, stem: string): Promise<Array<ForwardedCall & { doneMs: number }>> {
  const started = performance.now();
  return Promise.all(Array.from({ length: count }, async (_, i) => {
    const call = await forwardCall(t, { sessionId, payload: Buffer.from(`${stem} #${i + 1}`), label: `${stem} #${i + 1}` });
    return { ...call, doneMs: performance.now() - started };
  }));
}

check("ShapingService answers each error of its table: INVALID_ARGUMENT naming the field, PERMISSION_DENIED, NOT_FOUND [access] [shaping] [errors]",
  { covers: ["CORE-ERR-7"] }, async (t) => {
    const tenantB = await resolveTenantId(t, "tenantB");
    const set = (tenantId: string, maxRequestsPerSecond: number, burstRequests: number) =>
      t.tenantA.shaping.setShapingPolicy({ policy: { tenantId, maxRequestsPerSecond, burstRequests } });
    await expectInvalidField(t, t.tenantA.shaping.setShapingPolicy({ policy: undefined }), "policy", "SetShapingPolicy without policy");
    await expectInvalidField(t, set("", 0, 1), "policy.max_requests_per_second", "SetShapingPolicy of 0 requests a second");
    await expectInvalidField(t, set("", 1_000_001, 1), "policy.max_requests_per_second", "SetShapingPolicy of 1000001 requests a second");
    await expectInvalidField(t, set("", 10, 100_001), "policy.burst_requests", "SetShapingPolicy with burst_requests 100001");
    await expectInvalidField(t, set("bad tenant!", 10, 1), "policy.tenant_id", "SetShapingPolicy with a malformed tenant_id");
    await t.expectCode(set(tenantB, 10, 1), Code.PERMISSION_DENIED, "SetShapingPolicy by tenant A naming tenant B", Reason.ERROR_REASON_TENANT_MISMATCH);
    await t.expectCode(t.tenantA.shaping.getShapingPolicy({ tenantId: tenantB }), Code.PERMISSION_DENIED,
      "GetShapingPolicy by tenant A naming tenant B", Reason.ERROR_REASON_TENANT_MISMATCH);
    await t.expectCode(t.tenantA.shaping.deleteShapingPolicy({ tenantId: tenantB }), Code.PERMISSION_DENIED,
      "DeleteShapingPolicy by tenant A naming tenant B", Reason.ERROR_REASON_TENANT_MISMATCH);
    await expectInvalidField(t, t.tenantA.shaping.getShapingPolicy({ tenantId: "bad tenant!" }), "tenant_id", "GetShapingPolicy with a malformed tenant_id");
    await expectInvalidField(t, t.tenantA.shaping.deleteShapingPolicy({ tenantId: "bad tenant!" }), "tenant_id", "DeleteShapingPolicy with a malformed tenant_id");
    await t.expectCode(t.tenantA.shaping.deleteShapingPolicy({ tenantId: "" }), Code.OK, "DeleteShapingPolicy of a tenant without a policy");
    await t.expectCode(t.tenantA.shaping.getShapingPolicy({ tenantId: "" }), Code.NOT_FOUND, "GetShapingPolicy of a tenant without a policy",
      Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  });

check("SetShapingPolicy answers UNIMPLEMENTED when FEATURE_ACCESS_SHAPING is not declared, and no policy exists [access] [shaping] [capabilities]",
  { covers: ["CORE-CAP-2"] }, async (t) => {
    if (t.has(FEATURE_ACCESS_SHAPING)) t.skip("the endpoint declares FEATURE_ACCESS_SHAPING");
    await t.expectCode(t.tenantA.shaping.setShapingPolicy({ policy: { tenantId: "", maxRequestsPerSecond: 10, burstRequests: 1 } }), Code.UNIMPLEMENTED,
      "SetShapingPolicy on an endpoint that does not declare FEATURE_ACCESS_SHAPING", Reason.ERROR_REASON_CAPABILITY_NOT_SUPPORTED);
    t.track(() => t.tenantA.shaping.deleteShapingPolicy({ tenantId: "" }), "DeleteShapingPolicy");
    const { policies } = await t.expectCode(t.tenantA.shaping.listShapingPolicies({ page: undefined }), Code.OK, "ListShapingPolicies");
    t.equal(policies, [], "ListShapingPolicies on an endpoint that does not declare FEATURE_ACCESS_SHAPING must list no policy");
  });

check("SetShapingPolicy stores, replaces and deletes a tenant's policy, applied to the requests that arrive after it [access] [shaping]",
  { requires: [FEATURE_ACCESS_SHAPING], covers: ["ACC-SHAPE-3"] }, async (t) => {
    const session = await openSession(t, "policy");
    const stored = await setShaping(t, 5, 0);
    t.equal({ max: stored.maxRequestsPerSecond, burst: stored.burstRequests, tenant: stored.tenantId !== "" }, { max: 5, burst: 1, tenant: true },
      "SetShapingPolicy must answer the policy as stored: tenant_id set, burst_requests 0 stored as 1");
    const [, second] = [await forwardCall(t, { sessionId: session.sessionId, payload: Buffer.from("1"), label: "request #1 at 5/s" }),
      await forwardCall(t, { sessionId: session.sessionId, payload: Buffer.from("2"), label: "request #2 at 5/s" })];
    t.ensure(second.observedMs >= 150, `${second.what} was answered in ${second.observedMs.toFixed(1)} ms right after request #1; `
      + "at 5 requests a second with a burst of 1 it waits about 200 ms");
    const replaced = await setShaping(t, 1000, 10);
    t.equal(replaced.maxRequestsPerSecond, 1000, "SetShapingPolicy on a tenant with a policy must replace it");
    const { policy: read } = await t.expectCode(t.tenantA.shaping.getShapingPolicy({ tenantId: "" }), Code.OK, "GetShapingPolicy");
    t.equal({ max: read?.maxRequestsPerSecond, burst: read?.burstRequests }, { max: 1000, burst: 10 }, "GetShapingPolicy after replacing must answer the new policy");
    const { policies } = await t.expectCode(t.tenantA.shaping.listShapingPolicies({ page: undefined }), Code.OK, "ListShapingPolicies");
    t.equal(policies.map((p) => p.maxRequestsPerSecond), [1000], "ListShapingPolicies by tenant A must list its one policy");
    const quick = await forwardCall(t, { sessionId: session.sessionId, payload: Buffer.from("3"), label: "request #3 at 1000/s" });
    t.ensure(quick.observedMs < 150, `${quick.what} was answered in ${quick.observedMs.toFixed(1)} ms; the replaced policy (1000/s, burst 10) `
      + "applies to the requests that arrive after it, which do not wait");
    await t.expectCode(t.tenantA.shaping.deleteShapingPolicy({ tenantId: "" }), Code.OK, "DeleteShapingPolicy");
    await t.expectCode(t.tenantA.shaping.getShapingPolicy({ tenantId: "" }), Code.NOT_FOUND, "GetShapingPolicy after DeleteShapingPolicy", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  });

check("Shaping carries a tenant's requests within 10 % of its rate, no slower than 90 % of it while they wait, and delays no other tenant [access] [shaping]",
  // Two floods of 1.2 s and the requests of another tenant: more than a check's default deadline on a busy machine.
  { requires: [FEATURE_ACCESS_SHAPING], covers: ["ACC-SHAPE-1", "ACC-SHAPE-2", "ACC-SHAPE-4"], timeoutMs: 20_000 }, async (t) => {
    const session = await openSession(t, "shaped");
    const ofB = await openSession(t, "unshaped", { as: t.tenantB });
    await setShaping(t, RATE, 1);
    const shaped = flood(t, session.sessionId, BURST_SENT, "tenant A's request");
    // Tenant B, unshaped, goes on while tenant A's requests wait.
    // Each beside a probe of the suite's own scheduling delay: on a busy machine the suite itself may not run for a while.
    const others: Array<ForwardedCall & { schedulingDelayMs: number }> = [];
    for (let i = 0; i < OTHER_SENT; i++) {
      const probe = new SchedulingDelayProbe();
      const call = await forwardCall(t, { as: t.tenantB, sessionId: ofB.sessionId, payload: Buffer.from("b"), label: `tenant B's request #${i + 1}` })
        .finally(() => probe.stop());
      others.push({ ...call, schedulingDelayMs: probe.stop() });
    }
    const calls = await shaped;
    let lastMs = Math.max(...calls.map((c) => c.doneMs));
    const carried = BURST_SENT - 1;
    const fastestMs = (carried / (1.1 * RATE)) * 1000;
    const slowestMs = (carried / (0.9 * RATE)) * 1000;
    const expectedMs = (carried / RATE) * 1000;
    t.log(`tenant A's ${BURST_SENT} requests at ${RATE}/s (burst 1) all answered in ${lastMs.toFixed(1)} ms: ${(carried / (lastMs / 1000)).toFixed(2)} requests/s `
      + `carried on after the first, ${((100 * (carried / (lastMs / 1000))) / RATE).toFixed(1)} % of the policy`);
    /** A flood answered faster than the rate allows fails, whatever the machine: it cannot be made fast by load. */
    const notTooFast = (floodMs: number, which: string) => t.ensure(floodMs >= fastestMs, `tenant A's ${BURST_SENT} requests sent at once${which} under a policy `
      + `of ${RATE} requests/s (burst 1) were all answered within ${floodMs.toFixed(1)} ms; the standard carries on at most 10 % over the rate plus the burst, `
      + `so the last cannot leave before ${fastestMs.toFixed(0)} ms`);
    notTooFast(lastMs, "");
    const slack = latencyToleranceMs(expectedMs, t.config);
    // Too slow may be a busy machine (the endpoint's process waiting for a core), never a shaper too fast: a second
    // flood is judged instead, and a shaper slower than the standard allows is so in both.
    for (let flooded = 1; flooded < SLOW_FLOODS && lastMs > slowestMs + slack; flooded++) {
      t.log(`flood #${flooded} took ${lastMs.toFixed(1)} ms, over ${(slowestMs + slack).toFixed(0)} ms: flooding again`);
      const again = await flood(t, session.sessionId, BURST_SENT, `tenant A's request (flood #${flooded + 1})`);
      lastMs = Math.max(...again.map((c) => c.doneMs));
      notTooFast(lastMs, ` (flood #${flooded + 1})`);
    }
    t.ensure(lastMs <= slowestMs + slack, `tenant A's ${BURST_SENT} requests under a policy of ${RATE} requests/s (burst 1) took ${lastMs.toFixed(1)} ms; `
      + `while requests wait the standard carries them on at no less than 90 % of the rate: ${slowestMs.toFixed(0)} ms, plus ${slack.toFixed(0)} ms of tolerance`);
    for (const other of others) {
      const allowedMs = latencyToleranceMs(0, t.config) + OTHER_SLACK_MS + other.schedulingDelayMs;
      t.ensure(other.response!.shapingDelayNs === 0n && other.observedMs <= allowedMs,
        `${other.what}, sent while tenant A's requests waited for tenant A's policy, answered shaping_delay_ns ${other.response!.shapingDelayNs} `
        + `after ${other.observedMs.toFixed(1)} ms (allowed ${allowedMs.toFixed(1)} ms, the suite's own scheduling delay of `
        + `${other.schedulingDelayMs.toFixed(1)} ms beside it included); shaping a tenant must not delay another tenant's requests`);
    }
  });

check("shaping_delay_ns is the time a request really waited for its tenant's policy, as the caller observed it [access] [shaping] [latency]",
  { requires: [FEATURE_ACCESS_SHAPING], covers: ["ACC-FWD-2"] }, async (t) => {
    const session = await openSession(t, "delay");
    await setShaping(t, DELAY_RATE, 1);
    const calls = await flood(t, session.sessionId, DELAY_SENT, "request");
    const waited = calls.filter((c) => c.response!.shapingDelayNs > 0n).length;
    t.ensure(waited >= DELAY_SENT - 2, `only ${waited} of ${DELAY_SENT} requests sent at once under a policy of ${DELAY_RATE} requests/s (burst 1) `
      + "answered a shaping_delay_ns above 0; all but the first waited for a token");
    // The burst's own cost on the suite's side (sending 15 calls at once, the wire) shows in its quickest call, which waited for no
    // token; a busy machine adds more to some calls than to others, so up to a quarter may fall short of the observed time.
    const overheadMs = Math.min(...calls.map((c) => c.observedMs));
    const short: string[] = [];
    for (const call of calls) {
      const answer = call.response!;
      const shapingMs = Number(answer.shapingDelayNs) / 1e6;
      const entryMs = Number(answer.entryPointNs) / 1e6;
      const reportedMs = shapingMs + entryMs;
      const parts = `${call.what}: shaping_delay_ns ${shapingMs.toFixed(2)} ms plus entry_point_ns ${entryMs.toFixed(2)} ms add up to ${reportedMs.toFixed(2)} ms`;
      t.ensure(reportedMs <= call.observedMs + CLOCK_EPSILON_MS, `${parts}, more than the ${call.observedMs.toFixed(2)} ms the caller waited for the answer`);
      const allowed = overheadMs + latencyToleranceMs(call.observedMs - overheadMs, t.config);
      if (reportedMs < call.observedMs - allowed) {
        short.push(`${parts}, but the suite observed ${call.observedMs.toFixed(2)} ms, of which at most ${allowed.toFixed(2)} ms are the burst's own cost (its quickest call) and the tolerance`);
      }
    }
    t.ensure(short.length <= Math.floor(calls.length / 4), `${short.length} of ${calls.length} requests sent at once under a policy of ${DELAY_RATE} requests/s (burst 1) `
      + `answered less than they waited; first: ${short[0]}; the standard requires the time the request really waited`);
    if (short.length > 0) t.log(`within noise: ${short.join("; ")}`);
    t.log(`the burst's quickest call took ${overheadMs.toFixed(2)} ms; shaping delays ${calls.map((c) => (Number(c.response!.shapingDelayNs) / 1e6).toFixed(1)).join(", ")} ms`);
  });
