import { core, rpc, topology } from "@strata/sdk/contracts";
import { describeError } from "../helpers/describe-error.js";
import { churnTopology } from "../helpers/topology-churn.js";
import { graphProblem } from "../helpers/topology-view.js";
import { revisionNow, watchTopology } from "../helpers/topology-expect.js";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import { check, checkEachLayer } from "../registry/check-registry.js";
import type { CheckContext } from "../runner/check-context.js";

const HISTORY = core.Feature.FEATURE_TOPOLOGY_HISTORY;
const { CAPABILITY_NOT_SUPPORTED, OUT_OF_BOUNDS } = {
  CAPABILITY_NOT_SUPPORTED: core.ErrorReason.ERROR_REASON_CAPABILITY_NOT_SUPPORTED, OUT_OF_BOUNDS: core.ErrorReason.ERROR_REASON_OUT_OF_BOUNDS,
};
/** How long the check may spend making changes to pass the retained history, ms. */
const CHURN_BUDGET_MS = 10_000;
const HEARTBEAT_NS = 100_000_000n;

const pastGraph = (t: CheckContext, request: Partial<topology.GetTopologyRequest>) =>
  t.tenantA.topology.getTopology(topology.GetTopologyRequest.fromPartial(request));

checkEachLayer("GetTopology at a past at_revision or at_time_unix_nano answers the graph as it was then [topology] [history]",
  { requires: [HISTORY], covers: ["TOPO-GET-1", "CORE-CAP-3"] }, async (t) => {
    const { driver } = t.module;
    const applicationId = uniqueApplicationId(t, "history");
    const first = await driver.create(t, { stem: "history-first", applicationId });
    const r1 = await revisionNow(t, `after ${driver.rpcs.create} of ${first.id}`);
    // The server's own clock after r1, from a heartbeat of a watch that reached it: a time at which the graph was at r1.
    const watch = watchTopology(t, { sinceRevision: r1, heartbeatIntervalNs: HEARTBEAT_NS }, "the watch for the server's clock");
    await watch.waitFor(() => watch.messages.some((m) => m.heartbeat && m.revision >= r1), 2000, t.signal);
    const beat = watch.messages.find((m) => m.heartbeat && m.revision >= r1);
    if (!beat) return t.fail(`WatchTopology since ${r1} sent no heartbeat within 2000 ms${watch.error ? ` (${describeError(watch.error)})` : ""}; the check reads the server's clock from one`);
    const at = beat.heartbeat!.timeUnixNano;
    const second = await driver.create(t, { stem: "history-second", applicationId });
    const r2 = await revisionNow(t, `after ${driver.rpcs.create} of ${second.id}`);
    t.ensure(beat.revision === r1, `a heartbeat at revision ${beat.revision} while nothing changed after ${r1}`);

    for (const [what, request, revision] of [
      [`at_revision ${r1}`, { atRevision: r1 }, r1], [`at_time_unix_nano ${at} (a heartbeat's time at revision ${r1})`, { atTimeUnixNano: at }, r1],
      [`at_revision ${r2}, the current one`, { atRevision: r2 }, r2],
    ] as const) {
      const graph = await t.expectCode(pastGraph(t, request), rpc.Code.OK, `GetTopology ${what}`);
      const problem = graphProblem(graph);
      t.ensure(!problem, `GetTopology ${what}: ${problem}`);
      t.ensure(graph.revision === revision, `GetTopology ${what} answered revision ${graph.revision}; the graph as it was at revision ${revision} carries that revision`);
      t.ensure(graph.nodes.some((n) => n.id === first.id), `GetTopology ${what} lacks node ${first.id}, created before revision ${r1}`);
      const later = graph.nodes.some((n) => n.id === second.id);
      t.ensure(later === (revision === r2), later
        ? `GetTopology ${what} holds node ${second.id}, created after revision ${r1} (at ${r2}): it answered the current graph, not the graph as it was`
        : `GetTopology ${what} lacks node ${second.id}, which the current graph holds`);
    }
  });

checkEachLayer("GetTopology for a revision or time older than the retained history answers OUT_OF_RANGE [topology] [history]",
  { requires: [HISTORY], covers: ["TOPO-GET-1", "CORE-ERR-7"], timeoutMs: CHURN_BUDGET_MS + 10_000 }, async (t) => {
    const retained = t.limits.topologyRetainedChanges;
    const now = await revisionNow(t, "before");
    if (now <= retained + 1n) {
      const churn = await churnTopology(t, retained + 2n - now, CHURN_BUDGET_MS);
      if (!churn.reached) {
        t.skip(`Limits.topology_retained_changes is ${retained} and the graph is at revision ${now}: passing the history takes ${retained + 2n - now} changes, `
          + `and this endpoint made ${churn.changes} in ${(churn.elapsedMs / 1000).toFixed(1)} s, beyond the check's budget`);
      }
    }
    await t.expectCode(pastGraph(t, { atRevision: 1n }), rpc.Code.OUT_OF_RANGE, `GetTopology at_revision 1, ${retained} changes of history ago and more`, OUT_OF_BOUNDS);
    await t.expectCode(pastGraph(t, { atTimeUnixNano: 1n }), rpc.Code.OUT_OF_RANGE, "GetTopology at_time_unix_nano 1, before the retained history", OUT_OF_BOUNDS);
  });

check("GetTopology at a past revision or time answers UNIMPLEMENTED when FEATURE_TOPOLOGY_HISTORY is not declared, even at the current revision [topology] [history] [capabilities]",
  { covers: ["TOPO-GET-2", "CORE-CAP-2"] }, async (t: CheckContext) => {
    if (t.has(HISTORY)) t.skip("the endpoint declares FEATURE_TOPOLOGY_HISTORY: the history checks test it");
    const now = await revisionNow(t, "now");
    const rows: Array<[string, Partial<topology.GetTopologyRequest>]> = [
      [`at_time_unix_nano ${BigInt(Date.now()) * 1_000_000n} (now)`, { atTimeUnixNano: BigInt(Date.now()) * 1_000_000n }],
      ...(now > 0n ? [[`at_revision ${now}, the current one`, { atRevision: now }]] as Array<[string, Partial<topology.GetTopologyRequest>]> : []),
      ...(now > 1n ? [[`at_revision ${now - 1n}`, { atRevision: now - 1n }]] as Array<[string, Partial<topology.GetTopologyRequest>]> : []),
    ];
    for (const [what, request] of rows) {
      await t.expectCode(pastGraph(t, request), rpc.Code.UNIMPLEMENTED, `GetTopology ${what} without FEATURE_TOPOLOGY_HISTORY declared`, CAPABILITY_NOT_SUPPORTED);
    }
  });
