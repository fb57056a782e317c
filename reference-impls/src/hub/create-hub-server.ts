import { core, hub, type telemetry as tm, type topology } from "@strata/sdk/contracts";
import {
  TopologyGraph, createLayerServer, createTelemetryRecorder, type AuthOptions, type Interceptor, type LayerCatalogue, type LayerServer,
} from "@strata/sdk/server";
import { createStitcher, type Stitcher, type StitcherOptions } from "./stitching/create-stitcher.js";
import { HUB_METRICS } from "./stitching/hub-metrics.js";
import { createHubService } from "./service/hub-service.js";
import { MergedTopology } from "./topology/merged-topology.js";
import { createEndpointLink, type EndpointConfig, type EndpointLink, type LinkOptions, type LinkStatus } from "./upstream/endpoint-link.js";
import { createRecordRelay } from "./upstream/record-relay.js";

/** The hub's catalogue: its derived metrics; it serves no data path of its own, and names no layer. */
export const HUB_CATALOGUE: LayerCatalogue = Object.freeze({ layer: core.Layer.LAYER_UNSPECIFIED, metrics: HUB_METRICS, operations: [] });

export interface HubServerOptions {
  /** The layer endpoints to subscribe to, each with the (operator's) credentials to call it with. */
  endpoints: readonly EndpointConfig[];
  /** How the hub's own callers authenticate. */
  auth: AuthOptions;
  /** Base sample interval, ms, also the breakdown interval (default 1000). */
  sampleIntervalMs?: number;
  /** Stitching bounds (docs/hub.md, "Memory bounds"); the breakdown interval is the sample interval. */
  stitching?: Omit<StitcherOptions, "now" | "epochNs" | "intervalMs">;
  /** How often settled transactions are judged and closed intervals published, ms (default a quarter of the settle window, at most 250). */
  tickMs?: number;
  /** Reconnection delays of the endpoint subscriptions. */
  backoff?: LinkOptions["backoff"];
  /** Changes of the merged graph kept for history (default 10 000). */
  topologyRetainedChanges?: number;
  /** Telemetry items retained for resume (default 65 536). */
  retainedItems?: number;
  /** Steps added to every service's pipeline after authentication (a test's tampering, a deployment's logging). */
  interceptors?: readonly Interceptor[];
  /** Told of every disturbance of an endpoint's stream, in words (the hub's command prints them to stderr). */
  log?: (line: string) => void;
}

/** A running hub: an endpoint with the common services and HubService, and what it holds. */
export interface HubServer extends LayerServer {
  readonly stitcher: Stitcher;
  readonly merged: MergedTopology;
  /** The state of each endpoint's subscriptions, in configured order. */
  links(): readonly LinkStatus[];
}

/**
 * The reference hub (docs/hub.md): subscribes to every configured layer
 * endpoint, re-publishes what it receives as one merged telemetry stream
 * (with derived per-application latency samples), merges the layers' graphs
 * into one with history, stitches request records into transactions, and
 * serves strata.hub.v1.HubService. It names no layer: layers come from the
 * records, the nodes and the endpoints' GetInfo.
 *
 * @example
 * const hub = createHubServer({
 *   endpoints: [{ target: "127.0.0.1:7001", auth: { token: operatorToken } }],
 *   auth: { jwt: { secret } },
 * });
 * await hub.listen("127.0.0.1:7100");
 */
export function createHubServer(options: HubServerOptions): HubServer {
  const sampleIntervalMs = options.sampleIntervalMs ?? 1000;
  const telemetry = createTelemetryRecorder({
    catalogue: HUB_CATALOGUE, sampleIntervalMs, ...(options.retainedItems ? { retainedItems: options.retainedItems } : {}),
  });
  const graph = new TopologyGraph({ retainedChanges: options.topologyRetainedChanges ?? 10_000 });
  const merged = new MergedTopology(graph);
  const clockMs = () => performance.now();
  const stitcher = createStitcher({ ...options.stitching, intervalMs: sampleIntervalMs, now: clockMs, epochNs: () => telemetry.now() });
  const info = { vendor: "Strata reference", product: "strata-hub", version: "0.1.0", layers: [] as core.Layer[] };
  const links: EndpointLink[] = [];
  const statuses = () => links.map((l) => l.status);
  const relay = createRecordRelay(stitcher.names);

  const sink = {
    records(_source: string, records: tm.RequestRecord[]) {
      for (const record of records) {
        telemetry.relayRecord(relay(record));
        stitcher.ingest(record);
      }
    },
    samples(_source: string, samples: tm.MetricSample[]) {
      telemetry.publishSamples(samples);
    },
    disturbed: (source: string) => stitcher.disturbances.begin(source),
    synced: (source: string) => stitcher.disturbances.end(source, clockMs()),
    pulse: (source: string) => stitcher.disturbances.pulse(source, clockMs()),
    layers(_source: string, layers: readonly core.Layer[]) {
      const all = new Set([...info.layers, ...layers.filter((l) => l !== core.Layer.LAYER_UNSPECIFIED)]);
      info.layers.splice(0, info.layers.length, ...[...all].sort((a, b) => a - b));
    },
    topologySnapshot: (source: string, nodes: topology.Node[], edges: topology.Edge[]) =>
      merged.replace(source, nodes, edges),
    topologyChange: (source: string, change: topology.Change) => merged.apply(source, change),
  };

  const server = createLayerServer({
    info,
    capabilities: [core.Feature.FEATURE_TOPOLOGY_HISTORY],
    services: [createHubService({ stitcher, graph, links: statuses, maxPageSize: 100, now: () => telemetry.now() })],
    auth: options.auth,
    ...(options.interceptors ? { interceptors: options.interceptors } : {}),
    catalogue: HUB_CATALOGUE,
    telemetry,
    topology: graph,
    probe: () => {
      const waiting = statuses().filter((s) => s.state !== hub.EndpointState.ENDPOINT_STATE_SYNCED).map((s) => s.target);
      return waiting.length === 0 ? { ready: true } : { ready: false, reason: `waiting for a synced telemetry stream of ${waiting.join(", ")}` };
    },
  });

  for (const endpoint of options.endpoints) {
    links.push(createEndpointLink(endpoint, sink, {
      ...(options.backoff ? { backoff: options.backoff } : {}), ...(options.log ? { log: options.log } : {}), epochNs: () => telemetry.now(),
    }));
  }
  const tickMs = options.tickMs ?? Math.min(250, Math.max(10, Math.floor(stitcher.settleMs / 4)));
  const timer = setInterval(() => {
    stitcher.judgeSettled();
    const samples = stitcher.book.closeIntervals(telemetry.now());
    if (samples.length > 0) telemetry.publishSamples(samples);
  }, tickMs);
  timer.unref();

  const stopServer = server.shutdown;
  return Object.assign(server, {
    stitcher,
    merged,
    links: statuses,
    async shutdown(graceMs?: number) {
      clearInterval(timer);
      for (const link of links) link.close();
      await stopServer(graceMs);
    },
  }) as HubServer;
}
