import { connect, type ClientAuth } from "@strata/sdk/client";
import { core, hub } from "@strata/sdk/contracts";

/** The hub's services, as its tools call them. */
export const HUB_CLIENT_SERVICES = { hub: hub.HubServiceService } as const;

/** One application as the hub answers it. */
export interface ApplicationReport {
  tenantId: string;
  applicationId: string;
  /** Layers the hub's graph holds nodes of it in (ListApplications). */
  layers: string[];
  /** The node kinds of its graph (GetApplicationTopology), sorted. */
  nodeKinds: string[];
  endToEnd: { count: bigint; p50Ns: bigint; p95Ns: bigint; p99Ns: bigint };
  /** Each layer's share, p50/p95/p99, as GetLatencyBreakdown splits it. */
  byLayer: Array<{ layer: string; p50Ns: bigint; p95Ns: bigint; p99Ns: bigint }>;
  complete: bigint;
  incomplete: bigint;
  incompleteByReason: Array<{ reason: string; count: bigint }>;
}

/** What the hub says about the whole stack. */
export interface HubReport {
  applications: ApplicationReport[];
  /** Each endpoint the hub subscribes to: its state, gaps and restarts. */
  endpoints: Array<{ target: string; layers: string[]; state: string; gaps: bigint; restarts: bigint }>;
}

const layerName = (l: core.Layer) => core.layerToJSON(l).replace(/^LAYER_/, "").toLowerCase();
const summary = (s: hub.LatencySummary | undefined) => ({ count: s?.count ?? 0n, p50Ns: s?.p50Ns ?? 0n, p95Ns: s?.p95Ns ?? 0n, p99Ns: s?.p99Ns ?? 0n });

/** Asks the hub at `address`, as `auth`, for every application it knows and its breakdown over the last `windowNs` (at most what the hub retains). */
export async function readHubReport(address: string, auth: ClientAuth, windowNs: bigint): Promise<HubReport> {
  const client = connect(address, { services: HUB_CLIENT_SERVICES, auth });
  try {
    const limits = await client.hub.getHubLimits({});
    const window = windowNs < limits.breakdownRetainedNs ? windowNs : limits.breakdownRetainedNs;
    const applications: hub.Application[] = [];
    let pageToken = "";
    do {
      const page = await client.hub.listApplications(hub.ListApplicationsRequest.fromPartial({ page: { pageSize: 100, pageToken } }));
      applications.push(...page.applications);
      pageToken = page.page?.nextPageToken ?? "";
    } while (pageToken !== "");
    const reports = await Promise.all(applications.map(async (app): Promise<ApplicationReport> => {
      const ref = { tenantId: app.tenantId, applicationId: app.applicationId };
      const [breakdown, graph] = await Promise.all([
        client.hub.getLatencyBreakdown(hub.GetLatencyBreakdownRequest.fromPartial({ application: ref, windowNs: window })),
        client.hub.getApplicationTopology(hub.GetApplicationTopologyRequest.fromPartial({ application: ref })),
      ]);
      return {
        ...ref,
        layers: app.layers.map(layerName),
        nodeKinds: [...new Set(graph.nodes.map((n) => n.kind))].sort(),
        endToEnd: summary(breakdown.endToEnd),
        byLayer: breakdown.layers.map((l) => ({ layer: layerName(l.layer), ...summary(l.latency) })),
        complete: breakdown.completeTransactions,
        incomplete: breakdown.incompleteTransactions,
        incompleteByReason: breakdown.incompleteByReason.map((r) => ({ reason: hub.incompleteReasonToJSON(r.reason).replace(/^INCOMPLETE_REASON_/, "").toLowerCase(), count: r.count })),
      };
    }));
    const { endpoints } = await client.hub.listEndpoints(hub.ListEndpointsRequest.fromPartial({ page: { pageSize: 100 } }));
    return {
      applications: reports,
      endpoints: endpoints.map((e) => ({
        target: e.target, layers: e.layers.map(layerName), state: hub.endpointStateToJSON(e.state).replace(/^ENDPOINT_STATE_/, "").toLowerCase(), gaps: e.gaps, restarts: e.restarts,
      })),
    };
  } finally {
    client.close();
  }
}
