import type { ServerWritableStream } from "@grpc/grpc-js";
import { resolveTenantFilter } from "../auth/principal.js";
import { StrataError } from "../errors/strata-error.js";
import { TopologyServiceService, type WatchTopologyRequest, type WatchTopologyResponse } from "../gen/strata/topology/v1/topology.js";
import type { CallContext } from "../server/call-context.js";
import { heartbeatDelayMs, heartbeatViolation } from "../server/heartbeat-interval.js";
import { defineService } from "../server/service-registration.js";
import { isVisible, type TopologyGraph } from "./topology-graph.js";
import type { LoggedChange } from "./change-log.js";

export interface TopologyServiceOptions {
  /** Whether the endpoint declares FEATURE_TOPOLOGY_HISTORY. */
  history: boolean;
  /** Default heartbeat interval of a watch, ms (default 10 000). */
  heartbeatDefaultMs?: number;
}

/** Serves strata.topology.v1.TopologyService from a TopologyGraph; close() ends every watch with OK (server shutdown). */
export function createTopologyService(graph: TopologyGraph, options: TopologyServiceOptions) {
  const watches = new Set<() => void>();
  const registration = defineService(TopologyServiceService, {
    getTopology(request, ctx) {
      // The request on its own (step 2 of the order of errors), then the tenant it names (step 3).
      if (request.atRevision !== 0n && request.atTimeUnixNano !== 0n) {
        throw StrataError.invalidArgument("at_time_unix_nano", "set at most one of at_revision and at_time_unix_nano");
      }
      if (request.atRevision > BigInt(graph.revision)) {
        throw StrataError.invalidArgument("at_revision", `revision ${request.atRevision} is in the future (current ${graph.revision})`);
      }
      const scope = resolveTenantFilter(ctx.principal, "tenant_ids", request.tenantIds);
      const past = request.atRevision !== 0n || request.atTimeUnixNano !== 0n;
      if (!past) return graph.snapshot(scope);
      if (!options.history) throw StrataError.capabilityNotSupported("FEATURE_TOPOLOGY_HISTORY");
      const revision = request.atRevision ? Number(request.atRevision) : graph.revisionAt(request.atTimeUnixNano);
      const snapshot = revision === undefined ? undefined : graph.snapshotAt(revision, scope);
      if (!snapshot) throw StrataError.outOfBounds(request.atRevision ? "at_revision" : "at_time_unix_nano", "older than the retained topology history");
      return snapshot;
    },
    watchTopology: (request, ctx, call) => watch(graph, options, request, ctx, call, watches),
  });
  return Object.assign(registration, {
    close() {
      for (const end of watches) end();
    },
  });
}

async function watch(
  graph: TopologyGraph, options: TopologyServiceOptions, request: WatchTopologyRequest,
  ctx: CallContext, call: ServerWritableStream<WatchTopologyRequest, WatchTopologyResponse>, watches: Set<() => void>,
): Promise<void> {
  const violation = heartbeatViolation(request.heartbeatIntervalNs);
  if (violation) throw StrataError.invalidFields([violation]);
  const scope = resolveTenantFilter(ctx.principal, "tenant_ids", request.tenantIds);
  const heartbeatMs = heartbeatDelayMs(request.heartbeatIntervalNs, options.heartbeatDefaultMs ?? 10_000);
  // Messages written to a watcher that the transport has not taken, beyond which it is slow: its changes
  // are dropped and a snapshot resets it once it caught up. The graph's retained changes, as Limits
  // declares them (topology_retained_changes), so that the endpoint keeps exactly what it declares.
  const queueLimit = graph.retainedChanges;
  // Messages written that the transport has not taken yet.
  let pending = 0;
  // The revision this watcher has every visible change up to: what a heartbeat reports.
  let reached = 0;
  // Changes are being dropped: a reset snapshot follows once the watcher took everything written.
  let dropping = false;

  const taken = () => {
    pending -= 1;
    if (dropping && pending === 0) {
      dropping = false;
      sendSnapshot(true);
    }
  };
  const send = (message: WatchTopologyResponse) => {
    pending += 1;
    // grpc-js calls back once the transport took the message (never, once the call is cancelled).
    call.write(message, taken);
    heartbeat.refresh();
  };
  const sendSnapshot = (reset: boolean) => {
    const { revision, nodes, edges } = graph.snapshot(scope);
    reached = Number(revision);
    send({ revision, snapshot: { reset, nodes, edges } });
  };
  const onChange = (logged: LoggedChange) => {
    if (dropping) return;
    if (pending >= queueLimit) {
      dropping = true; // a slow watcher gets a fresh snapshot once it caught up, never an unbounded queue
      return;
    }
    reached = logged.revision;
    if (isVisible(logged.tenants, scope)) send({ revision: BigInt(logged.revision), change: logged.change });
  };
  const heartbeat = setInterval(() => {
    send({ revision: BigInt(reached), heartbeat: { timeUnixNano: BigInt(Date.now()) * 1_000_000n } });
  }, heartbeatMs);

  // Subscribe and catch up in the same tick, so no change falls between them.
  const unsubscribe = graph.onChange(onChange);
  const since = Number(request.sinceRevision);
  const backlog = since === 0 ? undefined : graph.changesSince(since);
  if (since === 0) sendSnapshot(false);
  else if (!backlog) sendSnapshot(true);
  else {
    reached = since;
    backlog.forEach(onChange);
  }

  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  watches.add(end);
  if (ctx.signal.aborted) end();
  ctx.signal.addEventListener("abort", end, { once: true });
  try {
    await ended;
  } finally {
    watches.delete(end);
    ctx.signal.removeEventListener("abort", end);
    clearInterval(heartbeat);
    unsubscribe();
  }
}
