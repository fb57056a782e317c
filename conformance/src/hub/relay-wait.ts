import { hub, telemetry, topology } from "@strata/sdk/contracts";
import type { StrataClients } from "@strata/sdk/client";
import type { HUB_SERVICES } from "./hub-services.js";
import { pause } from "../helpers/pause.js";
import type { CheckContext } from "../runner/check-context.js";

/** How long a record or a graph change may take to travel from the endpoint behind the hub into the hub, ms: patience, not a bound the standard fixes (CI saw a loaded hub take over 3 s). */
export const RELAY_WAIT_MS = 10_000;

/**
 * Waits until the hub's log holds the record of a traced call: a call
 * answered by the endpoint behind the hub reaches the hub's log only once the
 * hub received it, and the checks expect a call's record to be logged when
 * the call is answered. Returns whether it arrived in time.
 */
export async function recordRelayed(t: CheckContext, resourceId: string, traceId: string): Promise<boolean> {
  const deadline = Date.now() + RELAY_WAIT_MS;
  while (Date.now() < deadline && !t.signal.aborted) {
    const stream = t.operator.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({
      mode: telemetry.Mode.MODE_ONCE, selector: { resourceIds: [resourceId], includeRecords: true, excludeSamples: true },
    }));
    let found = false;
    stream.on("data", (m: telemetry.SubscribeResponse) => {
      found ||= (m.batch?.records ?? []).some((r) => Buffer.from(r.traceId).toString("hex") === traceId);
    });
    await new Promise<void>((resolve) => { stream.on("end", resolve); stream.on("error", () => resolve()); });
    if (found) return true;
    await pause(10, t.signal);
  }
  return false;
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
  const answer = await (t.operator as unknown as StrataClients<typeof HUB_SERVICES>).hub.listEndpoints({ page: undefined }).catch((error: Error) => error);
  if (answer instanceof Error) return `ListEndpoints failed: ${answer.message}`;
  return answer.endpoints.map((e) => `${e.target}: ${hub.EndpointState[e.state]}, ${e.records} records, watermark ${e.watermark}, `
    + `${e.gaps} gaps, ${e.restarts} restarts${e.lastError ? `, last error "${e.lastError}"` : ""}`).join("; ");
}
