import { describeError } from "../helpers/describe-error.js";
import { churnTopology } from "../helpers/topology-churn.js";
import { getTopology, reachRevision, revisionNow, watchTopology } from "../helpers/topology-expect.js";
import { GraphState } from "../helpers/topology-view.js";
import { checkEachLayer } from "../registry/check-registry.js";

/** How long the slow-watcher check may spend making changes, ms; an endpoint that needs longer to pass its queue is not provoked. */
const SLOW_WATCHER_BUDGET_MS = 10_000;
/**
 * How long a watcher that read again may take at least to catch up with what
 * was queued for it, ms; longer when making the changes took longer (a busy
 * host delivers them as slowly as it made them). It ends once caught up.
 */
const SLOW_WATCHER_CATCH_UP_MS = 10_000;

checkEachLayer("A watcher that stops reading loses no change silently: past Limits.topology_retained_changes it gets a snapshot with reset = true [topology] [watch] [slow]",
  { covers: ["TOPO-WATCH-3"], timeoutMs: SLOW_WATCHER_BUDGET_MS + Math.max(SLOW_WATCHER_CATCH_UP_MS, 2 * SLOW_WATCHER_BUDGET_MS) + 10_000 }, async (t) => {
    const retained = t.limits.topologyRetainedChanges;
    if (retained <= 0n) t.fail(`Limits.topology_retained_changes is ${retained}; the standard requires at least 1`);
    // Beyond the queue: what HTTP/2 flow control holds for a watcher that reads nothing (its 64 KiB window: a few hundred changes), and more.
    const allowance = 1000n;
    const reader = watchTopology(t, {}, "the slow watch");
    const r0 = await revisionNow(t, "before the watch");
    await reachRevision(t, reader, r0, "from revision 0");
    reader.pause();
    const churn = await churnTopology(t, retained + allowance, SLOW_WATCHER_BUDGET_MS);
    if (!churn.reached) {
      t.skip(`Limits.topology_retained_changes is ${retained}: passing it takes ${retained + allowance} changes, and this endpoint made ${churn.changes} `
        + `in ${(churn.elapsedMs / 1000).toFixed(1)} s (${churn.pairs} ${t.module.driver.rpcs.create} and ${t.module.driver.rpcs.delete} pairs), beyond the check's budget`);
    }
    const now = await revisionNow(t, "after the changes");
    reader.resume();
    // Thousands of queued messages to take in first: a catch-up of its own, not a change on its way.
    const catchUpMs = Math.max(SLOW_WATCHER_CATCH_UP_MS, 2 * churn.elapsedMs);
    const caughtUp = await reader.waitFor(() => reader.messages.some((m) => m.revision >= now), catchUpMs, t.signal);
    if (reader.error) t.fail(`the slow watch failed: ${describeError(reader.error)}`);
    const resetAt = reader.messages.findIndex((m, i) => i > 0 && m.snapshot?.reset);
    const delivered = reader.messages.slice(1, resetAt < 0 ? undefined : resetAt).filter((m) => m.change).length;
    // The watcher's graph: the last snapshot, then every change after it.
    const from = Math.max(0, ...reader.messages.map((m, i) => (m.snapshot ? i : 0)));
    const state = new GraphState(reader.messages[from]!.snapshot!);
    for (const message of reader.messages.slice(from + 1)) if (message.change) state.apply(message.change, message.revision);
    const graph = await getTopology(t, "after the slow watch caught up");
    t.ensure(caughtUp || resetAt >= 0 || delivered > 0, `the watcher that read nothing during ${churn.changes} changes received nothing at revision ${now} or later `
      + `within ${catchUpMs.toFixed(0)} ms of reading again (last revision ${reader.messages.at(-1)?.revision}); every change, or a reset snapshot, reaches a watcher`);
    const missing = graph.nodes.filter((n) => !state.nodes.has(n.id)).map((n) => n.id);
    const stale = [...state.nodes.keys()].filter((id) => !graph.nodes.some((n) => n.id === id));
    t.ensure(missing.length + stale.length === 0, `after ${churn.changes} changes it did not read, the watcher holds ${stale.length} node(s) GetTopology no longer shows `
      + `(first: ${stale[0] ?? "none"}) and lacks ${missing.length} it shows (first: ${missing[0] ?? "none"}), with ${resetAt < 0 ? "no reset snapshot" : "a reset snapshot"}: `
      + "changes were lost silently; the standard drops a slow watcher's backlog only to send a snapshot with reset = true");
    t.ensure(resetAt >= 0 || BigInt(delivered) <= retained + allowance, `the watcher that read nothing received all ${delivered} changes afterwards, without a reset snapshot: `
      + `the endpoint queued more than its Limits.topology_retained_changes of ${retained}; the standard queues at most that many, then resets the watcher`);
    t.log(`${churn.changes} changes in ${(churn.elapsedMs / 1000).toFixed(1)} s; ${delivered} delivered before ${resetAt < 0 ? "the end, no reset" : "the reset snapshot"}`);
  });
