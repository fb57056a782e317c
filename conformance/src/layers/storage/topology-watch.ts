import { rpc, topology } from "@strata/sdk/contracts";
import { createTestVolume, mapTestVolume, tenantOf, uniqueSuffix } from "./support/conformance-volumes.js";
import { StreamReader } from "../../helpers/stream-reader.js";
import { edgeName, GraphState, topologyIds } from "../../helpers/topology-view.js";
import { storage } from "@strata/sdk/storage";
import { check, type StorageContext } from "./storage-checks.js";

const { CHANGE_TYPE_UPSERT, CHANGE_TYPE_REMOVE } = topology.ChangeType;
const { RELATION_OWNS, RELATION_PLACED_ON, RELATION_MAPPED_TO } = topology.Relation;
const MS = 1_000_000n;
const HEARTBEAT_MS = 200;
/** How long a change may take to reach a watcher, ms. */
const CHANGE_WAIT_MS = 2000;

type Watch = StreamReader<topology.WatchTopologyResponse>;

function watch(t: StorageContext, request: Partial<topology.WatchTopologyRequest>, what: string): Watch {
  const reader = new StreamReader(t.tenantA.topology.watchTopology(topology.WatchTopologyRequest.fromPartial(request)));
  t.track(() => reader.cancel(), `cancel ${what}`);
  return reader;
}

async function revisionNow(t: StorageContext, what: string): Promise<bigint> {
  const graph = await t.expectCode(t.tenantA.topology.getTopology(topology.GetTopologyRequest.fromPartial({})), rpc.Code.OK, `GetTopology as tenant A ${what}`);
  return graph.revision;
}

/** Waits until the watch has sent something at or past `revision`; fails if it broke or stayed silent. */
async function reachRevision(t: StorageContext, reader: Watch, revision: bigint, what: string): Promise<void> {
  const reached = await reader.waitFor(() => reader.messages.some((m) => m.revision >= revision), CHANGE_WAIT_MS, t.signal);
  if (reader.error) t.fail(`WatchTopology ${what} failed: ${reader.error.message}`);
  t.ensure(reached, `WatchTopology ${what} sent nothing at revision ${revision} or later within ${CHANGE_WAIT_MS} ms `
    + `(last revision ${reader.messages.at(-1)?.revision ?? "none"}); GetTopology is at ${revision}, and every change reaches a watcher`);
}

/** One change the watch must have sent, located by what it touches. */
interface Expected {
  what: string;
  type: topology.ChangeType;
  node?: string;
  edge?: [string, topology.Relation, string];
  /** The revision window it belongs to: (after, upTo]. */
  after: bigint;
  upTo: bigint;
}

function findChange(changes: ReadonlyArray<{ revision: bigint; change: topology.Change }>, e: Expected): { revision: bigint; index: number } | undefined {
  const index = changes.findIndex(({ change }) => change.type === e.type && (e.node !== undefined
    ? change.node?.id === e.node
    : change.edge?.fromId === e.edge![0] && change.edge.relation === e.edge![1] && change.edge.toId === e.edge![2]));
  return index < 0 ? undefined : { revision: changes[index]!.revision, index };
}

check("WatchTopology sends a snapshot, then every change of create, map, unmap and delete in revision order, as revisions increase [storage] [topology] [watch]",
  {}, async (t: StorageContext) => {
    const reader = watch(t, { heartbeatIntervalNs: BigInt(HEARTBEAT_MS) * MS }, "the watch");
    const r0 = await revisionNow(t, "before the changes");
    await reachRevision(t, reader, r0, "from revision 0");

    const applicationId = `${t.config.applicationId}-watch-${uniqueSuffix()}`;
    const volume = await createTestVolume(t, "watch", { applicationId });
    const id = volume.volumeId;
    const tenantId = tenantOf(t, volume);
    const r1 = await revisionNow(t, `after CreateVolume of ${id}`);
    const hostId = `conformance-host-${uniqueSuffix()}`;
    const mapping = await mapTestVolume(t, id, hostId);
    const r2 = await revisionNow(t, `after MapVolume of ${id}`);
    await t.expectCode(t.tenantA.mappings.unmapVolume(storage.UnmapVolumeRequest.fromPartial({ volumeId: id, hostId })), rpc.Code.OK, `UnmapVolume ${id}`);
    const r3 = await revisionNow(t, `after UnmapVolume of ${id}`);
    await t.expectCode(t.tenantA.volumes.deleteVolume(storage.DeleteVolumeRequest.fromPartial({ volumeId: id })), rpc.Code.OK, `DeleteVolume ${id}`);
    const r4 = await revisionNow(t, `after DeleteVolume of ${id}`);
    const steps: Array<[string, bigint, bigint]> = [["CreateVolume", r0, r1], ["MapVolume", r1, r2], ["UnmapVolume", r2, r3], ["DeleteVolume", r3, r4]];
    for (const [step, before, after] of steps) {
      t.ensure(after > before, `GetTopology's revision went from ${before} to ${after} across ${step}; the standard increases it with every change`);
    }
    await reachRevision(t, reader, r4, "from revision 0");

    const [first, ...rest] = reader.messages;
    if (!first?.snapshot) t.fail(`WatchTopology from revision 0 began with ${first?.change ? "a change" : first?.heartbeat ? "a heartbeat" : "nothing"}; the standard sends the snapshot first`);
    t.ensure(!first.snapshot.reset, "WatchTopology from revision 0 sent its first snapshot with reset = true; the standard requires reset = false");
    t.ensure(first.revision <= r0, `the snapshot is at revision ${first.revision}, past GetTopology's ${r0} taken after it`);
    const state = new GraphState(first.snapshot);
    const changes: Array<{ revision: bigint; change: topology.Change }> = [];
    let last = first.revision;
    for (const message of rest) {
      t.ensure(!message.snapshot, `WatchTopology sent a second snapshot (revision ${message.revision}, reset ${message.snapshot?.reset}) to a watcher keeping up`);
      if (message.heartbeat) {
        t.ensure(message.revision >= last, `a heartbeat at revision ${message.revision} after revision ${last}; revisions never go back`);
        continue;
      }
      if (!message.change) t.fail(`a WatchTopology message at revision ${message.revision} carries no payload`);
      t.ensure(message.revision > last, `a change at revision ${message.revision} after revision ${last}; the standard sends changes in increasing revision order`);
      last = message.revision;
      const problem = state.apply(message.change, message.revision);
      t.ensure(!problem, `WatchTopology: ${problem}`);
      changes.push({ revision: message.revision, change: message.change });
    }

    const appNode = topologyIds.application(tenantId, applicationId);
    const hostNode = topologyIds.host(hostId);
    const map = mapping.mappingId;
    const expected: Expected[] = [
      { what: `UPSERT of node ${id}`, type: CHANGE_TYPE_UPSERT, node: id, after: r0, upTo: r1 },
      { what: `UPSERT of node ${appNode}`, type: CHANGE_TYPE_UPSERT, node: appNode, after: r0, upTo: r1 },
      { what: `UPSERT of edge ${appNode} OWNS ${id}`, type: CHANGE_TYPE_UPSERT, edge: [appNode, RELATION_OWNS, id], after: r0, upTo: r1 },
      { what: `UPSERT of edge ${id} PLACED_ON ${volume.poolId}`, type: CHANGE_TYPE_UPSERT, edge: [id, RELATION_PLACED_ON, volume.poolId], after: r0, upTo: r1 },
      { what: `UPSERT of node ${map}`, type: CHANGE_TYPE_UPSERT, node: map, after: r1, upTo: r2 },
      { what: `UPSERT of node ${hostNode}`, type: CHANGE_TYPE_UPSERT, node: hostNode, after: r1, upTo: r2 },
      { what: `UPSERT of edge ${id} MAPPED_TO ${map}`, type: CHANGE_TYPE_UPSERT, edge: [id, RELATION_MAPPED_TO, map], after: r1, upTo: r2 },
      { what: `UPSERT of edge ${map} MAPPED_TO ${hostNode}`, type: CHANGE_TYPE_UPSERT, edge: [map, RELATION_MAPPED_TO, hostNode], after: r1, upTo: r2 },
      { what: `REMOVE of node ${map}`, type: CHANGE_TYPE_REMOVE, node: map, after: r2, upTo: r3 },
      { what: `REMOVE of node ${hostNode}`, type: CHANGE_TYPE_REMOVE, node: hostNode, after: r2, upTo: r3 },
      { what: `REMOVE of node ${id}`, type: CHANGE_TYPE_REMOVE, node: id, after: r3, upTo: r4 },
      { what: `REMOVE of node ${appNode}`, type: CHANGE_TYPE_REMOVE, node: appNode, after: r3, upTo: r4 },
    ];
    for (const e of expected) {
      const found = findChange(changes, e);
      if (!found) {
        t.fail(`WatchTopology never sent the ${e.what} (expected between revisions ${e.after} and ${e.upTo}, by GetTopology); `
          + `it sent ${changes.length} changes up to revision ${last}`);
      }
      t.ensure(found.revision > e.after && found.revision <= e.upTo,
        `WatchTopology sent the ${e.what} at revision ${found.revision}; GetTopology places that step between ${e.after} and ${e.upTo}`);
    }
    const stale = [...state.nodes.keys()].find((n) => [id, map, appNode, hostNode].includes(n));
    t.ensure(!stale, `after applying every change it watched, the watcher still holds node ${stale}, which GetTopology no longer shows`);
    const staleEdge = [...state.edges.values()].find((e) => [id, map].includes(e.fromId) || [id, map].includes(e.toId));
    t.ensure(!staleEdge, `after applying every change it watched, the watcher still holds edge ${staleEdge ? edgeName(staleEdge) : ""}`);
  });

check("WatchTopology from a recent since_revision sends only the later changes, without a snapshot [storage] [topology] [watch]",
  {}, async (t: StorageContext) => {
    const applicationId = `${t.config.applicationId}-watch-${uniqueSuffix()}`;
    const volume = await createTestVolume(t, "watch-since", { applicationId });
    const since = await revisionNow(t, `after CreateVolume of ${volume.volumeId}`);
    const hostId = `conformance-host-${uniqueSuffix()}`;
    const mapping = await mapTestVolume(t, volume.volumeId, hostId);
    const mapped = await revisionNow(t, `after MapVolume of ${volume.volumeId}`);
    const reader = watch(t, { sinceRevision: since, heartbeatIntervalNs: BigInt(HEARTBEAT_MS) * MS }, `the watch since ${since}`);
    await reachRevision(t, reader, mapped, `since revision ${since}`);

    const snapshot = reader.messages.find((m) => m.snapshot);
    t.ensure(!snapshot, `WatchTopology since revision ${since} (inside the retained history) sent a snapshot (reset ${snapshot?.snapshot?.reset}); `
      + "the standard sends every change after it, with no snapshot");
    const changes = reader.messages.filter((m) => m.change);
    const early = changes.find((m) => m.revision <= since);
    t.ensure(!early, `WatchTopology since revision ${since} sent a change at revision ${early?.revision}; only changes after since_revision are sent`);
    changes.forEach((m, i) => t.ensure(i === 0 || m.revision > changes[i - 1]!.revision,
      `WatchTopology since ${since} sent revision ${m.revision} after ${changes[i - 1]?.revision}; changes come in increasing revision order`));
    const mappingNode = changes.find((m) => m.change!.type === CHANGE_TYPE_UPSERT && m.change!.node?.id === mapping.mappingId);
    t.ensure(mappingNode, `WatchTopology since revision ${since} never sent the UPSERT of node ${mapping.mappingId} made by MapVolume (revisions ${since}–${mapped})`);
  });

check("WatchTopology sends heartbeats carrying the current revision while nothing changes [storage] [topology] [watch]",
  {}, async (t: StorageContext) => {
    const reader = watch(t, { heartbeatIntervalNs: BigInt(HEARTBEAT_MS) * MS }, "the watch");
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

check("WatchTopology answers INVALID_ARGUMENT naming heartbeat_interval_ns for 1 ms [storage] [topology] [errors]",
  {}, async (t: StorageContext) => {
    const reader = watch(t, { heartbeatIntervalNs: MS }, "the watch with a 1 ms heartbeat");
    const ended = await reader.waitForEnd(2000, t.signal);
    t.ensure(ended, `WatchTopology with heartbeat_interval_ns 1 ms was still open after 2000 ms (${reader.messages.length} messages); the standard requires INVALID_ARGUMENT`);
    const error = await t.expectCode(reader.error ? Promise.reject(reader.error) : Promise.resolve(), rpc.Code.INVALID_ARGUMENT, "WatchTopology with heartbeat_interval_ns 1 ms");
    const named = error.fieldViolations.map((v) => v.field);
    t.ensure(named.includes("heartbeat_interval_ns"), `WatchTopology with heartbeat_interval_ns 1 ms: the BadRequest names ${named.length ? `[${named.join(", ")}]` : "no field"}; `
      + "the standard requires a field violation naming \"heartbeat_interval_ns\"");
  });
