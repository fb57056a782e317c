import { hub, management, telemetry } from "@strata/sdk/contracts";
import { connectHub, type HubConnection } from "../hub/connect-hub.js";
import { createLiveness } from "../hub/create-liveness.js";
import { capacityReport, type ApplicationReach } from "./capacity-report.js";
import { poolUtilization } from "./pool-utilization.js";
import { UTILIZATION_METRICS } from "./utilization-metrics.js";
import { UtilizationStore } from "./utilization-store.js";

export interface CapacityOptions {
  hub: HubConnection;
  /** How far back trends are fitted, ns (default 15 minutes). */
  trendWindowNs?: bigint;
  /** Called with what the tool could not do; default: console.warn. */
  onError?: (error: unknown) => void;
  /** Seconds since the UNIX epoch, now. */
  now?: () => number;
}

export interface CapacityRequest {
  tenantIds?: readonly string[];
  /** Fit trends over this much of the window only, ns; 0 or absent: the whole window. */
  trendWindowNs?: bigint;
}

export interface Capacity {
  /** Resolves once the tool holds what the hub retained and follows it live. */
  readonly synced: Promise<void>;
  /** Whether it follows the hub's stream live now (false while it reconnects to a hub that restarted or went away). */
  live(): boolean;
  /** A capacity report now, from the samples within the trend window and the hub's topology and applications. */
  report(request?: CapacityRequest): Promise<management.GetCapacityReportResponse>;
  /** The interval of the samples followed, ns; 0 before the first. */
  sampleIntervalNs(): bigint;
  stop(): Promise<void>;
}

/**
 * The capacity tool: follows the utilization gauges of the catalogues on
 * the hub's stream (starting from the samples the hub still retains, so a
 * trend is there from the start), and on request reports utilization,
 * Theil–Sen projections of exhaustion and each application's bottleneck,
 * reading the merged topology and the applications' graphs from the hub.
 *
 * @example
 * const capacity = createCapacity({ hub: { address, auth: { token } } });
 * await capacity.synced;
 * console.log(await capacity.report());
 */
export function createCapacity(options: CapacityOptions): Capacity {
  const windowSeconds = Number(options.trendWindowNs ?? 900_000_000_000n) / 1e9;
  const now = options.now ?? (() => Date.now() / 1000);
  const onError = options.onError ?? ((e: unknown) => console.warn(`strata capacity: ${(e as Error).message}`));
  const store = new UtilizationStore(windowSeconds);
  const clients = connectHub(options.hub);
  const abort = new AbortController();
  const selector = { metrics: Object.keys(UTILIZATION_METRICS) };
  const liveness = createLiveness();

  const run = async () => {
    // The log and how far it reached, to replay what the hub retains of these metrics from its start.
    let logId = "";
    let reached = 0n;
    for await (const event of clients.stream({ mode: telemetry.Mode.MODE_ONCE, selector }, { signal: abort.signal })) {
      if (event.type === "sync") ({ logId, sequence: reached } = event);
    }
    const replay = reached > 0n ? { resumeAfterSequence: 1n, resumeLogId: logId } : {};
    for await (const event of clients.stream({ mode: telemetry.Mode.MODE_STREAM, selector, ...replay }, { signal: abort.signal })) {
      if (event.type === "batch") store.add(event.samples);
      liveness.see(event);
    }
  };
  const running = run().finally(liveness.end).catch((error) => { if (!abort.signal.aborted) onError(error); });

  const applications = async (): Promise<ApplicationReach[]> => {
    const listed: hub.Application[] = [];
    let pageToken = "";
    do {
      const page = await clients.hub.listApplications(hub.ListApplicationsRequest.fromPartial({ page: { pageToken } }));
      listed.push(...page.applications);
      pageToken = page.page?.nextPageToken ?? "";
    } while (pageToken);
    const reaches = await Promise.all(listed.map(async (a): Promise<ApplicationReach | undefined> => {
      try {
        const graph = await clients.hub.getApplicationTopology(hub.GetApplicationTopologyRequest.fromPartial({
          application: { tenantId: a.tenantId, applicationId: a.applicationId },
        }));
        return { tenantId: a.tenantId, applicationId: a.applicationId, nodeIds: new Set(graph.nodes.map((n) => n.id)) };
      } catch {
        return undefined; // known from transactions only, no node in the graph: nothing to reach
      }
    }));
    return reaches.filter((r): r is ApplicationReach => r !== undefined);
  };

  return {
    synced: liveness.synced,
    live: liveness.live,
    async report(request = {}) {
      const [graph, apps] = await Promise.all([
        clients.topology.getTopology({ tenantIds: [], atRevision: 0n, atTimeUnixNano: 0n }),
        applications(),
      ]);
      const nowS = now();
      const series = store.current(nowS, request.trendWindowNs ? Number(request.trendWindowNs) / 1e9 : undefined);
      return capacityReport({
        series: [...series, ...poolUtilization(graph.nodes, graph.edges, series)],
        nodes: graph.nodes, applications: apps, nowS, ...(request.tenantIds ? { tenantIds: request.tenantIds } : {}),
      });
    },
    sampleIntervalNs: () => BigInt(Math.round(store.intervalSeconds * 1e9)),
    async stop() {
      abort.abort();
      await running;
      clients.close();
    },
  };
}
