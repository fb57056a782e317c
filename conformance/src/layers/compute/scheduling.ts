import { core, rpc, telemetry } from "@strata/sdk/contracts";
import { compute } from "@strata/sdk/compute";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { failStream, waitSynced } from "../../helpers/telemetry-expect.js";
import { sampleIntervalMs, subscribeAs } from "../../helpers/telemetry-reader.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { check, type ComputeContext } from "./compute-checks.js";
import { createInstance, setCpuPolicy } from "./support/compute-instances.js";
import { executeCall } from "./support/execute-call.js";
import { flood } from "./support/flood.js";
import { listHosts } from "./support/list-pages.js";

const { Code } = rpc;
const SHARES = core.Feature.FEATURE_COMPUTE_CPU_SHARES;
const LIMITS = core.Feature.FEATURE_COMPUTE_CPU_LIMITS;
/** Each tenant's part of contended CPU lies within this of its proportional share (docs/compute.md, Shares). */
const SHARE_TOLERANCE = 0.2;
/** Completed CPU time MAY exceed a limit by this much, plus one unit per vCPU (docs/compute.md, Limits). */
const LIMIT_TOLERANCE = 1.1;
/** Units of work a share is judged on at least, when SHARE_WINDOWS windows run that many: one unit is then 1 % of the whole. */
const SHARE_UNITS = 100;
/** Measured windows a check adds up, at most, while a busy host runs too few units to judge. */
const MAX_WINDOWS = 3;
/**
 * Windows the share check adds up, at most: on a starved host three windows ran
 * 47 units, and a share judged on so few moves by 2 % a unit (measured).
 */
const SHARE_WINDOWS = 6;
/** Slack over two sample intervals for the samples of the interval that saw the last unit, ms. */
const SAMPLE_SLACK_MS = 500;

const ms = (ns: number) => `${(ns / 1e6).toFixed(1)} ms`;

/** Fails unless `part` of `whole` lies within SHARE_TOLERANCE of `share`. */
function expectShare(t: ComputeContext, what: string, part: number, whole: number, share: number): void {
  const got = whole > 0 ? part / whole : 0;
  t.log(`${what}: ${ms(part)} of ${ms(whole)} = ${(100 * got).toFixed(1)} % (share ${(100 * share).toFixed(1)} %)`);
  t.ensure(whole > 0, `${what}: no unit completed while they competed; the standard requires the cores to run their work`);
  t.ensure(Math.abs(got / share - 1) <= SHARE_TOLERANCE, `${what} got ${(100 * got).toFixed(1)} % of the CPU time (${ms(part)} of ${ms(whole)}) `
    + `for a share of ${(100 * share).toFixed(1)} %; the standard requires it within ${100 * SHARE_TOLERANCE} % of its share`);
}

check("CPU shares hold within 20 % when two tenants, and two instances of one tenant, compete for a host's cores [compute] [shares]",
  { requires: [SHARES], timeoutMs: 30_000, covers: ["COMP-SHARE-1", "CORE-CAP-3"] }, async (t) => {
    const host = (await listHosts(t))[0]!;
    const vcpuCount = host.cpuCores;
    const [tenantA, tenantB] = await Promise.all([resolveTenantId(t, "tenantA"), resolveTenantId(t, "tenantB")]);
    const shape = { hostId: host.hostId, vcpuCount };
    const [a1, b1, b2] = await Promise.all([
      createInstance(t, "shares-a1", shape), createInstance(t, "shares-b1", { ...shape, as: t.tenantB }), createInstance(t, "shares-b2", { ...shape, as: t.tenantB }),
    ]);
    await setCpuPolicy(t, compute.CpuPolicy.fromPartial({ target: { tenantId: tenantA }, cpuShares: 100 }));
    await setCpuPolicy(t, compute.CpuPolicy.fromPartial({ target: { tenantId: tenantB }, cpuShares: 300 }), t.tenantB);
    await setCpuPolicy(t, compute.CpuPolicy.fromPartial({ target: { instanceId: b1.instanceId }, cpuShares: 100 }), t.tenantB);
    await setCpuPolicy(t, compute.CpuPolicy.fromPartial({ target: { instanceId: b2.instanceId }, cpuShares: 300 }), t.tenantB);
    // More units in flight than the instances have vCPUs, so that every instance always has work waiting for a core.
    const inFlight = vcpuCount + 4;
    const spinNs = 3_000_000n;
    const lanes = [
      { label: "tenant A's instance", as: t.tenantA, instanceId: a1.instanceId, inFlight, spinNs },
      { label: "tenant B's first instance", as: t.tenantB, instanceId: b1.instanceId, inFlight, spinNs },
      { label: "tenant B's second instance", as: t.tenantB, instanceId: b2.instanceId, inFlight, spinNs },
    ];
    // A share is judged on enough units that one unit more or less cannot move it past the tolerance: a host whose
    // cores were taken by other work ran a handful in a window, so windows add up until enough ran (or MAX_WINDOWS did).
    const cpuNs = new Map(lanes.map((lane) => [lane.label, 0]));
    let whole = 0;
    let windows = 0;
    while (windows < SHARE_WINDOWS && whole < SHARE_UNITS * Number(spinNs)) {
      const measured = await flood(t, lanes, { warmupMs: windows === 0 ? 300 : 0, windowMs: 1200 });
      windows++;
      for (const [label, ns] of measured.cpuNs) cpuNs.set(label, cpuNs.get(label)! + ns);
      whole = [...cpuNs.values()].reduce((sum, ns) => sum + ns, 0);
      t.log(`window ${windows}: ${ms(whole)} of CPU time completed so far`);
    }
    if (whole > 0 && whole < SHARE_UNITS * Number(spinNs)) {
      t.skip(`the host completed ${ms(whole)} of CPU time (${(whole / Number(spinNs)).toFixed(0)} units of ${ms(Number(spinNs))}) in ${windows} windows of 1200 ms; `
        + `a share judged within ${100 * SHARE_TOLERANCE} % needs ${SHARE_UNITS} units, which a host whose cores other work takes cannot run in the check's budget`);
    }
    const a = cpuNs.get("tenant A's instance")!;
    const b1Ns = cpuNs.get("tenant B's first instance")!;
    const b2Ns = cpuNs.get("tenant B's second instance")!;
    expectShare(t, "tenant A (shares 100, against tenant B's 300)", a, a + b1Ns + b2Ns, 0.25);
    expectShare(t, "tenant B's first instance (shares 100, against its second instance's 300)", b1Ns, b1Ns + b2Ns, 0.25);
  });

check("A CPU limit caps the CPU time of an instance and of a tenant's instances together, within 10 % [compute] [limits]",
  { requires: [LIMITS], timeoutMs: 30_000, covers: ["COMP-LIMIT-1", "COMP-LIMIT-2", "CORE-CAP-3"] }, async (t) => {
    const tenantB = await resolveTenantId(t, "tenantB");
    const [a1, b1, b2] = await Promise.all([
      createInstance(t, "limit-a1"), createInstance(t, "limit-b1", { as: t.tenantB }), createInstance(t, "limit-b2", { as: t.tenantB }),
    ]);
    // Low enough that the instances would use more, so that the limits bite.
    const instanceLimit = 50;
    const tenantLimit = 100;
    await setCpuPolicy(t, compute.CpuPolicy.fromPartial({ target: { instanceId: a1.instanceId }, cpuLimitMillicores: instanceLimit }));
    await setCpuPolicy(t, compute.CpuPolicy.fromPartial({ target: { tenantId: tenantB }, cpuLimitMillicores: tenantLimit }), t.tenantB);
    const spinNs = 2_000_000n;
    const lanes = [
      { label: "tenant A's instance", as: t.tenantA, instanceId: a1.instanceId, inFlight: 2, spinNs },
      { label: "tenant B's first instance", as: t.tenantB, instanceId: b1.instanceId, inFlight: 2, spinNs },
      { label: "tenant B's second instance", as: t.tenantB, instanceId: b2.instanceId, inFlight: 2, spinNs },
    ];
    // A window in which some lane completed nothing may be a host whose cores were taken by other work: the next
    // window is judged instead (a limit that lets nothing through does so in every window).
    let measured = await flood(t, lanes, { warmupMs: 0, windowMs: 1200 });
    for (let window = 2; window <= MAX_WINDOWS && [...measured.completed.values()].some((units) => units === 0); window++) {
      t.log(`window ${window - 1}: ${[...measured.completed].map(([label, units]) => `${label} ${units} units`).join(", ")}; measuring again`);
      measured = await flood(t, lanes, { warmupMs: 0, windowMs: 1200 });
    }
    const { cpuNs, completed, throttled, windowMs } = measured;
    t.log(`${throttled} refusals with RetryInfo, retried after their delay`);
    const within = (what: string, usedNs: number, units: number, limit: number, vcpus: number) => {
      const allowedNs = (limit / 1000) * windowMs * 1e6 * LIMIT_TOLERANCE + vcpus * Number(spinNs) * 1.5;
      t.log(`${what}: ${units} units, ${ms(usedNs)} of CPU in ${windowMs} ms under ${limit} millicores (allowed ${ms(allowedNs)})`);
      t.ensure(units > 0, `${what}: no unit completed in ${windowMs} ms under a limit of ${limit} millicores; a limit must let work through`);
      t.ensure(usedNs <= allowedNs, `${what} used ${ms(usedNs)} of CPU in ${windowMs} ms under a limit of ${limit} millicores; the standard allows at most `
        + `${ms(allowedNs)} (10 % over the limit, plus one unit per vCPU)`);
    };
    within("tenant A's instance (an instance limit)", cpuNs.get("tenant A's instance")!, completed.get("tenant A's instance")!, instanceLimit, 1);
    const bNs = cpuNs.get("tenant B's first instance")! + cpuNs.get("tenant B's second instance")!;
    const bUnits = completed.get("tenant B's first instance")! + completed.get("tenant B's second instance")!;
    within("tenant B's two instances (a tenant limit)", bNs, bUnits, tenantLimit, 2);
  });

check("The CPU time attributed to each tenant adds up to what the suite caused, in the metrics and on the instances [compute] [telemetry] [chargeback]",
  { covers: ["COMP-CAT-1", "CORE-COMP-1"] }, async (t) => {
    const applicationId = uniqueName("chargeback");
    const [ofA, ofB] = await Promise.all([
      createInstance(t, "chargeback-a", { applicationId }), createInstance(t, "chargeback-b", { applicationId, as: t.tenantB }),
    ]);
    const [tenantA, tenantB] = await Promise.all([resolveTenantId(t, "tenantA"), resolveTenantId(t, "tenantB")]);
    const reader = subscribeAs(t, t.operator, {
      mode: telemetry.Mode.MODE_STREAM, selector: { resourceIds: [ofA.instanceId, ofB.instanceId], metrics: ["strata.compute.cpu.time"] },
    }, "the operator's Subscribe");
    await waitSynced(t, reader, "the operator");
    const caused = new Map([[tenantA, 0], [tenantB, 0]]);
    const work = [
      { as: t.tenantA, tenantId: tenantA, instanceId: ofA.instanceId, spins: [1_000_000n, 2_000_000n, 1_000_000n, 500_000n] },
      { as: t.tenantB, tenantId: tenantB, instanceId: ofB.instanceId, spins: [3_000_000n, 3_000_000n] },
    ];
    for (const { as, tenantId, instanceId, spins } of work) {
      for (const [i, cpuTimeNs] of spins.entries()) {
        const call = await executeCall(t, { as, instanceId, work: { spin: { cpuTimeNs } }, label: `spin #${i + 1} of ${tenantId}`, applicationId });
        caused.set(tenantId, caused.get(tenantId)! + Number(call.response!.cpuTimeNs));
      }
      await executeCall(t, { as, instanceId, work: { hash: { sizeBytes: 1n << 16n, seed: Buffer.alloc(0) } }, label: `hash of ${tenantId}`, applicationId })
        .then((call) => caused.set(tenantId, caused.get(tenantId)! + Number(call.response!.cpuTimeNs)));
    }
    /** The last cumulative value of every cpu.time series of a tenant on the two instances, summed. */
    const attributed = (tenantId: string) => {
      const last = new Map<string, number>();
      for (const { sample } of reader.samples) {
        if (sample.tenantId !== tenantId || sample.metric !== "strata.compute.cpu.time") continue;
        last.set(`${sample.applicationId}/${sample.resourceId}/${sample.attributes.operation}`, sample.counter?.value ?? 0);
      }
      return [...last.values()].reduce((a, b) => a + b, 0);
    };
    const waitMs = 2 * sampleIntervalMs(t.limits) + SAMPLE_SLACK_MS;
    await reader.waitFor(() => [...caused].every(([tenantId, ns]) => attributed(tenantId) === ns), waitMs, t.signal);
    failStream(t, reader, "the operator");
    for (const [tenantId, ns] of caused) {
      t.ensure(attributed(tenantId) === ns, `strata.compute.cpu.time of tenant ${tenantId} adds up to ${attributed(tenantId)} ns within ${waitMs} ms; `
        + `the units the suite ran for it answered cpu_time_ns adding up to ${ns} ns, which the standard requires the tenant's series to count`);
    }
    for (const [as, instance, tenantId] of [[t.tenantA, ofA, tenantA], [t.tenantB, ofB, tenantB]] as const) {
      const { instance: got } = await t.expectCode(as.instances.getInstance({ instanceId: instance.instanceId }), Code.OK, `GetInstance ${instance.instanceId}`);
      t.ensure(Number(got?.cpuTimeNs ?? 0n) === caused.get(tenantId), `GetInstance of tenant ${tenantId}'s instance answers cpu_time_ns ${got?.cpuTimeNs}; `
        + `its units answered cpu_time_ns adding up to ${caused.get(tenantId)}`);
    }
  });
