import { hub, type core } from "@strata/sdk/contracts";
import {
  StrataError, defineService, isOperator, isValidApplicationId, isValidId, paginate, resolveNamedTenant, resolveTenantFilter,
  type CallContext, type TopologyGraph,
} from "@strata/sdk/server";
import type { Stitcher } from "../stitching/create-stitcher.js";
import { applicationGraph } from "../topology/application-graph.js";
import type { LinkStatus } from "../upstream/endpoint-link.js";
import { knownApplications } from "./known-applications.js";
import { transactionMessage } from "./transaction-message.js";

/** What HubService reads of the running hub. */
export interface HubState {
  readonly stitcher: Stitcher;
  readonly graph: TopologyGraph;
  readonly links: () => readonly LinkStatus[];
  readonly maxPageSize: number;
  /** UNIX epoch ns. */
  readonly now: () => bigint;
}

const DEFAULT_WINDOW_NS = 60_000_000_000n;
const TRACE_ID = /^[0-9a-f]{32}$/;

/** The tenant scope of a caller: undefined for an operator (every tenant), else its own. */
const scopeOf = (ctx: CallContext) => (isOperator(ctx.principal) ? undefined : [ctx.principal.tenantId]);

/** The application a request names, its tenant resolved for the caller; INVALID_ARGUMENT / PERMISSION_DENIED as docs/hub.md says. */
function namedApplication(ctx: CallContext, ref: hub.ApplicationRef | undefined): { tenantId: string; applicationId: string } {
  if (!ref || ref.applicationId === "") throw StrataError.invalidArgument("application.application_id", "required");
  if (!isValidApplicationId(ref.applicationId)) throw StrataError.invalidArgument("application.application_id", "breaks the id rule");
  if (ref.tenantId !== "" && !isValidId(ref.tenantId)) throw StrataError.invalidArgument("application.tenant_id", "breaks the id rule");
  return { tenantId: resolveNamedTenant(ctx.principal, "application.tenant_id", ref.tenantId), applicationId: ref.applicationId };
}

/** strata.hub.v1.HubService over the hub's stitcher, merged graph and endpoint links (docs/hub.md). */
export function createHubService(state: HubState) {
  const { stitcher, graph } = state;
  const pageOptions = (ctx: CallContext, filters = "") => ({ maxPageSize: state.maxPageSize, context: ctx, filters });
  return defineService(hub.HubServiceService, {
    getHubLimits() {
      const { limits } = stitcher;
      const ms = (value: number) => BigInt(value) * 1_000_000n;
      return {
        settleNs: ms(limits.settleMs),
        maxOpenTransactions: BigInt(limits.maxOpenTransactions),
        maxHopsPerTransaction: BigInt(limits.maxHopsPerTransaction),
        retainedTransactions: BigInt(limits.retainedTransactions),
        breakdownIntervalNs: ms(limits.intervalMs),
        breakdownRetainedNs: ms(limits.intervalMs * limits.retainedIntervals),
        maxApplications: BigInt(limits.maxApplications),
      };
    },

    listApplications(request, ctx) {
      for (const tenantId of request.tenantIds) if (!isValidId(tenantId)) throw StrataError.invalidArgument("tenant_ids", `"${tenantId}" breaks the id rule`);
      const scope = resolveTenantFilter(ctx.principal, "tenant_ids", request.tenantIds) ?? scopeOf(ctx);
      const apps = knownApplications(graph.snapshot(scope), stitcher, scope);
      const { items, page } = paginate(apps, (a) => `${a.tenantId}\u0000${a.applicationId}`, request.page, pageOptions(ctx, request.tenantIds.join(",")));
      return { applications: items, page };
    },

    getApplicationTopology(request, ctx) {
      const { tenantId, applicationId } = namedApplication(ctx, request.application);
      if (request.atRevision !== 0n && request.atTimeUnixNano !== 0n) {
        throw StrataError.invalidArgument("at_time_unix_nano", "set at most one of at_revision and at_time_unix_nano");
      }
      if (request.atRevision > BigInt(graph.revision)) {
        throw StrataError.invalidArgument("at_revision", `revision ${request.atRevision} is in the future (current ${graph.revision})`);
      }
      const scope = scopeOf(ctx);
      let view = graph.snapshot(scope);
      if (request.atRevision !== 0n || request.atTimeUnixNano !== 0n) {
        const revision = request.atRevision !== 0n ? Number(request.atRevision) : graph.revisionAt(request.atTimeUnixNano);
        const past = revision === undefined ? undefined : graph.snapshotAt(revision, scope);
        if (!past) throw StrataError.outOfBounds(request.atRevision !== 0n ? "at_revision" : "at_time_unix_nano", "older than the retained history of the merged graph");
        view = past;
      }
      const app = applicationGraph(view, tenantId, applicationId);
      if (!app) throw StrataError.notFound("application", `${tenantId}/${applicationId}`);
      return { revision: app.revision, nodes: app.nodes, edges: app.edges };
    },

    getLatencyBreakdown(request, ctx) {
      const { tenantId, applicationId } = namedApplication(ctx, request.application);
      const windowNs = request.windowNs === 0n ? DEFAULT_WINDOW_NS : request.windowNs;
      const retainedNs = BigInt(stitcher.limits.intervalMs * stitcher.limits.retainedIntervals) * 1_000_000n;
      if (windowNs > retainedNs) throw StrataError.outOfBounds("window_ns", `longer than the retained breakdown history (${retainedNs} ns)`);
      const app = stitcher.book.get(tenantId, applicationId);
      // An application the merged graph knows but no judged transaction yet has an empty breakdown.
      if (!app && !applicationGraph(graph.snapshot([tenantId]), tenantId, applicationId)) throw StrataError.notFound("application", `${tenantId}/${applicationId}`);
      const breakdown = stitcher.book.breakdown(app, windowNs, state.now());
      return {
        application: { tenantId, applicationId },
        startTimeUnixNano: breakdown.startTimeUnixNano,
        endTimeUnixNano: breakdown.endTimeUnixNano,
        endToEnd: summary(breakdown.endToEnd),
        layers: [...breakdown.layers].map(([layer, histogram]) => ({ layer, latency: summary(histogram) })),
        completeTransactions: BigInt(breakdown.complete),
        incompleteTransactions: BigInt(breakdown.incomplete),
        incompleteByReason: [...breakdown.reasons].sort(([a], [b]) => a - b).map(([reason, count]) => ({ reason, count: BigInt(count) })),
      };
    },

    listTransactions(request, ctx) {
      const named = request.application ? namedApplication(ctx, request.application) : undefined;
      const scope = scopeOf(ctx);
      const matching = [];
      for (const stored of stitcher.store.newestFirst()) {
        const t = stored.transaction;
        if (scope && !scope.includes(t.tenantId)) continue;
        if (named && (t.tenantId !== named.tenantId || t.applicationId !== named.applicationId)) continue;
        if (request.incompleteOnly && t.complete) continue;
        matching.push(stored);
      }
      const filters = `${named ? `${named.tenantId}/${named.applicationId}` : ""};${request.incompleteOnly}`;
      // Newest judged first: keys that sort in descending judgement order.
      const { items, page } = paginate(matching, (s) => (Number.MAX_SAFE_INTEGER - s.sequence).toString().padStart(16, "0"), request.page, pageOptions(ctx, filters));
      return { transactions: items.map((s) => transactionMessage(s.transaction, ctx.principal, false)), page };
    },

    getTransaction(request, ctx) {
      if (!TRACE_ID.test(request.traceId) || /^0+$/.test(request.traceId)) {
        throw StrataError.invalidArgument("trace_id", "must be 32 lower-case hex digits, not all zeros");
      }
      const stored = stitcher.store.get(request.traceId);
      const scope = scopeOf(ctx);
      if (!stored || (scope && !scope.includes(stored.transaction.tenantId))) throw StrataError.notFound("transaction", request.traceId);
      return { transaction: transactionMessage(stored.transaction, ctx.principal, true) };
    },

    listEndpoints(request, ctx) {
      if (!isOperator(ctx.principal)) throw StrataError.operatorRequired("ListEndpoints");
      const endpoints = state.links().map((status, index) => ({ index, status }));
      const { items, page } = paginate(endpoints, (e) => e.index.toString().padStart(8, "0"), request.page, pageOptions(ctx));
      return {
        endpoints: items.map(({ status: s }) => ({
          target: s.target, layers: [...s.layers] as core.Layer[], state: s.state, logId: s.logId, watermark: s.watermark,
          gaps: BigInt(s.gaps), restarts: BigInt(s.restarts), records: BigInt(s.records), samples: BigInt(s.samples),
          topologyRevision: s.topologyRevision, lastError: s.lastError, lastDisturbanceTimeUnixNano: s.lastDisturbanceUnixNano, droppedRecords: s.droppedRecords,
        })),
        page,
      };
    },
  });
}

/** p50, p95, p99 of a histogram, and the histogram itself. */
function summary(histogram: import("@strata/sdk/server").ExponentialHistogram): hub.LatencySummary {
  const q = (p: number) => (histogram.count === 0 ? 0n : BigInt(Math.round(histogram.quantile(p))));
  return { count: BigInt(histogram.count), p50Ns: q(0.5), p95Ns: q(0.95), p99Ns: q(0.99), histogram: histogram.toProto() };
}
