import { rpc, topology } from "@strata/sdk/contracts";
import { tenantOf } from "../helpers/drive-calls.js";
import { describeError } from "../helpers/describe-error.js";
import { expectChanges, expectRevisionsRise, reachRevision, replayWatch, revisionNow, watchTopology } from "../helpers/topology-expect.js";
import { edgeName, topologyIds } from "../helpers/topology-view.js";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import { check, checkEachLayer } from "../registry/check-registry.js";
import type { CheckContext } from "../runner/check-context.js";

const { CHANGE_TYPE_UPSERT, CHANGE_TYPE_REMOVE } = topology.ChangeType;
const { RELATION_OWNS } = topology.Relation;
const MS = 1_000_000n;
const HEARTBEAT_MS = 200;


checkEachLayer("WatchTopology sends a snapshot, then every change of a create and a delete in revision order, as revisions increase [topology] [watch]",
  { covers: ["TOPO-WATCH-1", "TOPO-REV-1", "TOPO-REV-2", "TOPO-CAT-4"] }, async (t) => {
    const { driver } = t.module;
    const reader = watchTopology(t, { heartbeatIntervalNs: BigInt(HEARTBEAT_MS) * MS }, "the watch");
    const r0 = await revisionNow(t, "before the changes");
    await reachRevision(t, reader, r0, "from revision 0");

    const applicationId = uniqueApplicationId(t, "watch");
    const resource = await driver.create(t, { stem: "watch", applicationId });
    const id = resource.id;
    const tenantId = tenantOf(t, resource);
    const r1 = await revisionNow(t, `after ${driver.rpcs.create} of ${id}`);
    await t.expectCode(driver.delete(t.tenantA, id), rpc.Code.OK, `${driver.rpcs.delete} ${id}`);
    const r2 = await revisionNow(t, `after ${driver.rpcs.delete} of ${id}`);
    expectRevisionsRise(t, [[driver.rpcs.create, r0, r1], [driver.rpcs.delete, r1, r2]]);
    await reachRevision(t, reader, r2, "from revision 0");

    const { state, changes } = replayWatch(t, reader, r0);
    const appNode = topologyIds.application(tenantId, applicationId);
    expectChanges(t, changes, [
      { what: `UPSERT of node ${id}`, type: CHANGE_TYPE_UPSERT, node: id, after: r0, upTo: r1 },
      { what: `UPSERT of node ${appNode}`, type: CHANGE_TYPE_UPSERT, node: appNode, after: r0, upTo: r1 },
      { what: `UPSERT of edge ${appNode} OWNS ${id}`, type: CHANGE_TYPE_UPSERT, edge: [appNode, RELATION_OWNS, id], after: r0, upTo: r1 },
      { what: `REMOVE of node ${id}`, type: CHANGE_TYPE_REMOVE, node: id, after: r1, upTo: r2 },
      { what: `REMOVE of node ${appNode}`, type: CHANGE_TYPE_REMOVE, node: appNode, after: r1, upTo: r2 },
    ]);
    const stale = [...state.nodes.keys()].find((n) => [id, appNode].includes(n));
    t.ensure(!stale, `after applying every change it watched, the watcher still holds node ${stale}, which GetTopology no longer shows`);
    const staleEdge = [...state.edges.values()].find((e) => e.fromId === id || e.toId === id);
    t.ensure(!staleEdge, `after applying every change it watched, the watcher still holds edge ${staleEdge ? edgeName(staleEdge) : ""}`);
  });

checkEachLayer("WatchTopology from a recent since_revision sends only the later changes, without a snapshot [topology] [watch]",
  { covers: ["TOPO-WATCH-2"] }, async (t) => {
    const { driver } = t.module;
    const first = await driver.create(t, { stem: "watch-since", applicationId: uniqueApplicationId(t, "watch") });
    const since = await revisionNow(t, `after ${driver.rpcs.create} of ${first.id}`);
    const second = await driver.create(t, { stem: "watch-since", applicationId: uniqueApplicationId(t, "watch") });
    const created = await revisionNow(t, `after ${driver.rpcs.create} of ${second.id}`);
    const reader = watchTopology(t, { sinceRevision: since, heartbeatIntervalNs: BigInt(HEARTBEAT_MS) * MS }, `the watch since ${since}`);
    await reachRevision(t, reader, created, `since revision ${since}`);

    const snapshot = reader.messages.find((m) => m.snapshot);
    t.ensure(!snapshot, `WatchTopology since revision ${since} (inside the retained history) sent a snapshot (reset ${snapshot?.snapshot?.reset}); `
      + "the standard sends every change after it, with no snapshot");
    const changes = reader.messages.filter((m) => m.change);
    const early = changes.find((m) => m.revision <= since);
    t.ensure(!early, `WatchTopology since revision ${since} sent a change at revision ${early?.revision}; only changes after since_revision are sent`);
    changes.forEach((m, i) => t.ensure(i === 0 || m.revision > changes[i - 1]!.revision,
      `WatchTopology since ${since} sent revision ${m.revision} after ${changes[i - 1]?.revision}; changes come in increasing revision order`));
    const upsert = changes.find((m) => m.change!.type === CHANGE_TYPE_UPSERT && m.change!.node?.id === second.id);
    t.ensure(upsert, `WatchTopology since revision ${since} never sent the UPSERT of node ${second.id} made by ${driver.rpcs.create} (revisions ${since}–${created})`);
  });

check("WatchTopology sends heartbeats carrying the current revision while nothing changes [topology] [watch]", { covers: ["TOPO-WATCH-1"] }, async (t: CheckContext) => {
  const reader = watchTopology(t, { heartbeatIntervalNs: BigInt(HEARTBEAT_MS) * MS }, "the watch");
  const limitMs = HEARTBEAT_MS + 600;
  await reader.waitFor(() => reader.messages.some((m) => m.heartbeat), limitMs, t.signal);
  if (reader.error) t.fail(`WatchTopology failed: ${reader.error.message}`);
  const heartbeat = reader.messages.find((m) => m.heartbeat);
  if (!heartbeat) t.fail(`no heartbeat within ${limitMs} ms of a quiet watch with heartbeat_interval_ns ${HEARTBEAT_MS} ms; the standard sends one after each interval without changes`);
  const now = await revisionNow(t, "after the heartbeat");
  const changed = reader.messages.some((m) => m.change);
  t.ensure(changed || heartbeat.revision === now, `a heartbeat carries revision ${heartbeat.revision} while GetTopology is at ${now} and nothing changed; it carries the current revision`);
  t.ensure(heartbeat.heartbeat!.timeUnixNano > 0n, "a WatchTopology heartbeat without time_unix_nano; the standard requires the server clock in it");
});

check("WatchTopology answers INVALID_ARGUMENT naming heartbeat_interval_ns for 1 ms [topology] [errors]", { covers: ["CORE-ERR-3", "CORE-ERR-7"] }, async (t) => {
  const reader = watchTopology(t, { heartbeatIntervalNs: MS }, "the watch with a 1 ms heartbeat");
  const ended = await reader.waitForEnd(2000, t.signal);
  t.ensure(ended, `WatchTopology with heartbeat_interval_ns 1 ms was still open after 2000 ms (${reader.messages.length} messages); the standard requires INVALID_ARGUMENT`);
  const error = await t.expectCode(reader.error ? Promise.reject(reader.error) : Promise.resolve(), rpc.Code.INVALID_ARGUMENT, "WatchTopology with heartbeat_interval_ns 1 ms");
  const named = error.fieldViolations.map((v) => v.field);
  t.ensure(named.includes("heartbeat_interval_ns"), `WatchTopology with heartbeat_interval_ns 1 ms: the BadRequest names ${named.length ? `[${named.join(", ")}]` : "no field"}; `
    + "the standard requires a field violation naming \"heartbeat_interval_ns\"");
});

check("WatchTopology from a since_revision ahead of the current revision sends a snapshot with reset = true [topology] [watch]",
  { covers: ["TOPO-WATCH-1"] }, async (t: CheckContext) => {
    const now = await revisionNow(t, "before the watch");
    const since = now + 1000n;
    const reader = watchTopology(t, { sinceRevision: since, heartbeatIntervalNs: BigInt(HEARTBEAT_MS) * MS }, `the watch since ${since}`);
    const limitMs = HEARTBEAT_MS + 1000;
    await reader.waitFor(() => reader.messages.length > 0 || reader.ended, limitMs, t.signal);
    if (reader.error) t.fail(`WatchTopology since ${since} failed: ${describeError(reader.error)}; a since_revision outside the retained history is not an error`);
    const first = reader.messages[0];
    t.ensure(first?.snapshot, `WatchTopology since revision ${since}, ahead of the current ${now}, began with ${first?.heartbeat ? "a heartbeat" : first?.change ? "a change" : `nothing within ${limitMs} ms`}; `
      + "a since_revision ahead of the current one is outside the retained history: the standard sends the whole graph with reset = true");
    t.ensure(first!.snapshot!.reset, `WatchTopology since revision ${since}, ahead of the current ${now}, sent a snapshot with reset = false; the watcher must learn to discard what it held`);
    t.ensure(first!.revision >= now && first!.revision < since, `the reset snapshot is at revision ${first!.revision}; GetTopology was at ${now}, and a snapshot carries the revision it shows`);
  });
