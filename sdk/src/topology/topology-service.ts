import type { ServerWritableStream } from "@grpc/grpc-js";
import { resolveTenantFilter } from "../auth/principal.js";
import { StrataError } from "../errors/strata-error.js";
import { TopologyServiceService, type WatchTopologyRequest, type WatchTopologyResponse } from "../gen/strata/topology/v1/topology.js";
import type { CallContext } from "../server/call-context.js";
import { defineService } from "../server/service-registration.js";
import { isVisible, type TopologyGraph } from "./topology-graph.js";
import type { LoggedChange } from "./change-log.js";

export interface TopologyServiceOptions {
  /** Whether the endpoint declares FEATURE_TOPOLOGY_HISTORY. */
  history: boolean;
  /** Default heartbeat interval of a watch, ms (default 10 000). */
  heartbeatDefaultMs?: number;
  /** Changes queued for a slow watcher before it is reset with a snapshot (default 10 000). */
  watcherQueueLimit?: number;
}

const MIN_HEARTBEAT_NS = 100_000_000n;

/** Serves strata.topology.v1.TopologyService from a TopologyGraph. */
export function createTopologyService(graph: TopologyGraph, options: TopologyServiceOptions) {
  return defineService(TopologyServiceService, {
    getTopology(request, ctx) {
      const scope = resolveTenantFilter(ctx.principal, "tenant_ids", request.tenantIds);
      if (request.atRevision !== 0n && request.atTimeUnixNano !== 0n) {
        throw StrataError.invalidArgument("at_time_unix_nano", "set at most one of at_revision and at_time_unix_nano");
      }
      if (request.atRevision > BigInt(graph.revision)) {
        throw StrataError.invalidArgument("at_revision", `revision ${request.atRevision} is in the future (current ${graph.revision})`);
      }
      const past = request.atRevision !== 0n || request.atTimeUnixNano !== 0n;
      if (!past) return graph.snapshot(scope);
      if (!options.history) throw StrataError.capabilityNotSupported("FEATURE_TOPOLOGY_HISTORY");
      const revision = request.atRevision ? Number(request.atRevision) : graph.revisionAt(request.atTimeUnixNano);
      const snapshot = revision === undefined ? undefined : graph.snapshotAt(revision, scope);
      if (!snapshot) throw StrataError.outOfBounds(request.atRevision ? "at_revision" : "at_time_unix_nano", "older than the retained topology history");
      return snapshot;
    },
    watchTopology: (request, ctx, call) => watch(graph, options, request, ctx, call),
  });
}

async function watch(
  graph: TopologyGraph, options: TopologyServiceOptions, request: WatchTopologyRequest,
  ctx: CallContext, call: ServerWritableStream<WatchTopologyRequest, WatchTopologyResponse>,
): Promise<void> {
  const scope = resolveTenantFilter(ctx.principal, "tenant_ids", request.tenantIds);
  if (request.heartbeatIntervalNs !== 0n && request.heartbeatIntervalNs < MIN_HEARTBEAT_NS) {
    throw StrataError.invalidArgument("heartbeat_interval_ns", "must be 0 (server default) or at least 100 ms");
  }
  const heartbeatMs = request.heartbeatIntervalNs ? Number(request.heartbeatIntervalNs) / 1e6 : options.heartbeatDefaultMs ?? 10_000;
  const queueLimit = options.watcherQueueLimit ?? 10_000;
  let pending = 0;
  let needsReset = false;

  const send = (message: WatchTopologyResponse) => {
    pending += 1;
    call.write(message, () => { pending -= 1; });
    heartbeat.refresh();
  };
  const sendSnapshot = (reset: boolean) => {
    const { revision, nodes, edges } = graph.snapshot(scope);
    send({ revision, snapshot: { reset, nodes, edges } });
  };
  const sendChange = (logged: LoggedChange) => {
    if (!isVisible(logged.tenants, scope)) return;
    send({ revision: BigInt(logged.revision), change: logged.change });
  };
  const heartbeat = setInterval(() => {
    send({ revision: BigInt(graph.revision), heartbeat: { timeUnixNano: BigInt(Date.now()) * 1_000_000n } });
  }, heartbeatMs);

  // Subscribe and catch up in the same tick, so no change falls between them.
  const unsubscribe = graph.onChange((logged) => {
    if (needsReset) return;
    if (pending >= queueLimit) {
      needsReset = true; // a slow watcher gets a fresh snapshot once it drains, never an unbounded queue
      return;
    }
    sendChange(logged);
  });
  const onDrain = () => {
    if (needsReset && pending === 0) {
      needsReset = false;
      sendSnapshot(true);
    }
  };
  call.on("drain", onDrain);

  const since = Number(request.sinceRevision);
  const backlog = since === 0 ? undefined : graph.changesSince(since);
  if (since === 0) sendSnapshot(false);
  else if (!backlog) sendSnapshot(true);
  else backlog.forEach(sendChange);

  try {
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      ctx.signal.addEventListener("abort", () => resolve(), { once: true });
    });
  } finally {
    clearInterval(heartbeat);
    unsubscribe();
    call.off("drain", onDrain);
  }
}

