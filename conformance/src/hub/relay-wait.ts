import { hub, telemetry, topology } from "@strata/sdk/contracts";
import { retainedRecords } from "@strata/sdk/testing";
import { hubOf } from "./hub-services.js";
import { pause } from "../helpers/pause.js";
import type { CheckContext } from "../runner/check-context.js";

/** How long a record or a graph change may take to travel from the endpoint behind the hub into the hub, ms: patience, not a bound the standard fixes (CI saw a loaded hub take over 3 s). */
export const RELAY_WAIT_MS = 10_000;

/**
 * Waits until the hub's log holds the record of a traced call: a call
 * answered by the endpoint behind the hub reaches the hub's log only once the
 * hub received it, and the checks expect a call's record to be logged when
 * the call is answered. One MODE_ONCE read of what the hub holds, then one
 * stream resumed right after it that the hub pushes the rest to: polling
 * with MODE_ONCE, each read a scan of the hub's whole log, kept a loaded hub
 * too busy to take in what it relays. Returns whether it arrived in time.
 */
export async function recordRelayed(t: CheckContext, resourceId: string, traceId: string): Promise<boolean> {
  const deadline = Date.now() + RELAY_WAIT_MS;
  const selector = { resourceIds: [resourceId], includeRecords: true, excludeSamples: true };
  while (Date.now() < deadline && !t.signal.aborted) {
    const held = await readUntil(t, telemetry.SubscribeRequest.fromPartial({ mode: telemetry.Mode.MODE_ONCE, selector }), traceId, deadline);
    if (held.found) return true;
    if (held.sync === undefined) {
      await pause(100, t.signal);
      continue;
    }
    const pushed = await readUntil(t, telemetry.SubscribeRequest.fromPartial({
      mode: telemetry.Mode.MODE_STREAM, selector, resumeAfterSequence: held.sync, resumeLogId: held.logId,
    }), traceId, deadline);
    if (pushed.found) return true;
    // The stream ended, or began with a Gap (the hub restarted, or its window moved on): read again.
    await pause(100, t.signal);
  }
  return false;
}

/**
 * Reads one Subscribe stream of the hub until a record of `traceId` arrives
 * (found), the stream ends, a Gap arrives, or the deadline passes; says where
 * a MODE_ONCE read's SyncMarker left the log.
 */
async function readUntil(
  t: CheckContext, request: telemetry.SubscribeRequest, traceId: string, deadline: number,
): Promise<{ found: boolean; sync?: bigint; logId: string }> {
  const stream = t.operator.telemetry.subscribe(request);
  const outcome: { found: boolean; sync?: bigint; logId: string } = { found: false, logId: "" };
  return new Promise((resolve) => {
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      t.signal.removeEventListener("abort", finish);
      stream.cancel();
      resolve(outcome);
    };
    const timer = setTimeout(finish, Math.max(0, deadline - Date.now()));
    t.signal.addEventListener("abort", finish, { once: true });
    stream.on("data", (m: telemetry.SubscribeResponse) => {
      outcome.logId = m.logId;
      if ((m.batch?.records ?? []).some((r) => Buffer.from(r.traceId).toString("hex") === traceId)) {
        outcome.found = true;
        return finish();
      }
      if (m.sync && request.mode === telemetry.Mode.MODE_ONCE) outcome.sync = m.sync.sequence;
      if (m.gap) finish();
    });
    stream.on("end", finish);
    stream.on("error", finish);
  });
}

/**
 * Waits until the hub's merged graph holds (or, `present` false, no longer
 * holds) the node `id`: a graph change behind the hub reaches the hub's graph
 * once its watch delivered it. Returns whether it did in time.
 */
export async function nodeRelayed(t: CheckContext, id: string, present: boolean): Promise<boolean> {
  const deadline = Date.now() + RELAY_WAIT_MS;
  while (Date.now() < deadline && !t.signal.aborted) {
    const graph = await t.operator.topology.getTopology(topology.GetTopologyRequest.fromPartial({})).catch(() => undefined);
    if (graph && graph.nodes.some((n) => n.id === id) === present) return true;
    await pause(20, t.signal);
  }
  return false;
}

/** The ids of the nodes an edge joins to node `id` in the hub's merged graph, as the operator sees it. */
export async function neighboursOf(t: CheckContext, id: string): Promise<string[]> {
  const graph = await t.operator.topology.getTopology(topology.GetTopologyRequest.fromPartial({})).catch(() => undefined);
  const ids = (graph?.edges ?? []).flatMap((e) => (e.fromId === id ? [e.toId] : e.toId === id ? [e.fromId] : []));
  return [...new Set(ids)];
}

/** The hub's own account of its endpoints (ListEndpoints as the operator), for a check's log when something did not travel. */
export async function endpointsAsReported(t: CheckContext): Promise<string> {
  const answer = await hubOf(t.operator).listEndpoints({ page: undefined }).catch((error: Error) => error);
  if (answer instanceof Error) return `ListEndpoints failed: ${answer.message}`;
  return answer.endpoints.map((e) => `${e.target}: ${hub.EndpointState[e.state]}, ${e.records} records, watermark ${e.watermark}, `
    + `${e.gaps} gaps, ${e.restarts} restarts${e.lastError ? `, last error "${e.lastError}"` : ""}`).join("; ");
}

/**
 * Where the hub's log holds a record of `traceId`, whatever its resource
 * (MODE_ONCE, every record the operator sees): for a check's log when a
 * record did not arrive where it was looked for.
 */
export async function traceAsHeld(t: CheckContext, traceId: string): Promise<string> {
  const records = await retainedRecords(t.operator).catch((error: Error) => error);
  if (records instanceof Error) return `the hub's MODE_ONCE read of every record failed: ${records.message}`;
  const held = records.filter((r) => Buffer.from(r.traceId).toString("hex") === traceId)
    .map((r) => `sequence ${r.sequence}, resource "${r.resourceId}", tenant "${r.tenantId}", application "${r.applicationId}"`);
  return held.length > 0 ? `the hub's log holds it at ${held.join("; ")}` : `none of the ${records.length} records of the hub's log carries that trace id`;
}

/**
 * Waits until the hub has read everything the endpoint behind it had logged
 * when the wait began (the watermark ListEndpoints shows in that endpoint's
 * log at least its head, as a MODE_ONCE read of the endpoint says): a hub still behind is a slow
 * subscriber whose endpoint may drop, rightly, what it logs next. Returns
 * whether it caught up within the relay wait.
 */
export async function hubCaughtUp(t: CheckContext, behind: { telemetry: CheckContext["operator"]["telemetry"] }): Promise<boolean> {
  const stream = behind.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({
    mode: telemetry.Mode.MODE_ONCE, selector: { resourceIds: ["strata-conformance-matches-nothing"], excludeSamples: true },
  }));
  let head = 0n;
  let logId = "";
  stream.on("data", (m: telemetry.SubscribeResponse) => {
    logId = m.logId;
    if (m.sync) head = m.sync.sequence;
  });
  await new Promise<void>((resolve) => { stream.on("end", resolve); stream.on("error", () => resolve()); });
  const deadline = Date.now() + RELAY_WAIT_MS;
  while (Date.now() < deadline && !t.signal.aborted) {
    const answer = await hubOf(t.operator).listEndpoints({ page: undefined }).catch(() => undefined);
    // The hub's endpoint reading that log: a hub over several endpoints reads other logs, numbered on their own.
    if (answer && answer.endpoints.some((e) => e.logId === logId && e.watermark >= head)) return true;
    await pause(50, t.signal);
  }
  return false;
}
