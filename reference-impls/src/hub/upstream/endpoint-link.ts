import { setTimeout as sleep } from "node:timers/promises";
import { connect, metadataFor, subscribe, type ClientAuth, type ConnectOptions, type StrataError } from "@strata/sdk/client";
import { core, hub, telemetry, topology } from "@strata/sdk/contracts";
import { decodeSubscribeResponse } from "./decode-subscribe-response.js";

const State = hub.EndpointState;

/** One layer endpoint the hub subscribes to, and the credentials it calls it with (the operator's). */
export interface EndpointConfig {
  /** The address to dial ("127.0.0.1:7001", "unix:/run/x.sock"). */
  target: string;
  auth: ClientAuth;
  tls?: ConnectOptions["tls"];
}

/** What a link hands the hub. `source` is the link's target. */
export interface LinkSink {
  records(source: string, records: telemetry.RequestRecord[]): void;
  samples(source: string, samples: telemetry.MetricSample[]): void;
  /** A lasting disturbance begins: the hub holds no synced stream of the endpoint. */
  disturbed(source: string): void;
  /** The stream is synced again. */
  synced(source: string): void;
  /** An instant disturbance: a Gap, a restart, a broken stream contract. */
  pulse(source: string): void;
  layers(source: string, layers: readonly core.Layer[]): void;
  topologySnapshot(source: string, nodes: topology.Node[], edges: topology.Edge[]): void;
  topologyChange(source: string, change: topology.Change): void;
}

/** The state ListEndpoints shows, kept up to date by the link. */
export interface LinkStatus {
  readonly target: string;
  layers: core.Layer[];
  state: hub.EndpointState;
  logId: string;
  watermark: bigint;
  gaps: number;
  /** Records the endpoint's Gaps said it dropped for the hub. */
  droppedRecords: bigint;
  restarts: number;
  records: number;
  samples: number;
  topologyRevision: bigint;
  lastError: string;
  lastDisturbanceUnixNano: bigint;
}

export interface EndpointLink {
  readonly status: LinkStatus;
  /** Ends both subscriptions. */
  close(): void;
}

export interface LinkOptions {
  /** Reconnection delays, ms (default 100 to 5000). */
  backoff?: { initialMs: number; maxMs: number };
  /** UNIX epoch ns, for lastDisturbanceUnixNano. */
  epochNs?: () => bigint;
  /** Told, in words, of every disturbance of the link (a Gap, a reconnection, a restart, a broken stream), for an operator's log. */
  log?: (line: string) => void;
}

const REFUSALS = new Set([7, 16]); // PERMISSION_DENIED, UNAUTHENTICATED

/** TelemetryService as the hub calls it: Subscribe's responses read by the hub's own decoder of request records. */
const HUB_TELEMETRY_SERVICE = {
  ...telemetry.TelemetryServiceService,
  subscribe: { ...telemetry.TelemetryServiceService.subscribe, responseDeserialize: decodeSubscribeResponse },
};

/**
 * Subscribes to one layer endpoint (docs/hub.md, "Endpoints and
 * credentials"): a Telemetry stream with records, resumed after the last
 * watermark in the same log when it fails (the SDK's subscribe()), and a
 * topology watch reopened from a snapshot; each retried with backoff, at the
 * longest backoff after a refusal. Every Gap, every restart (a new log_id)
 * and every time without a synced stream is reported as a disturbance.
 */
export function createEndpointLink(config: EndpointConfig, sink: LinkSink, options: LinkOptions = {}): EndpointLink {
  const backoff = options.backoff ?? { initialMs: 100, maxMs: 5000 };
  const epochNs = options.epochNs ?? (() => BigInt(Date.now()) * 1_000_000n);
  const connectOptions = { auth: config.auth, ...(config.tls ? { tls: config.tls } : {}) };
  const clients = connect(config.target, { ...connectOptions, services: { telemetry: HUB_TELEMETRY_SERVICE } });
  const abort = new AbortController();
  const { signal } = abort;
  const source = config.target;
  const status: LinkStatus = {
    target: config.target, layers: [], state: State.ENDPOINT_STATE_CONNECTING, logId: "", watermark: 0n, gaps: 0, droppedRecords: 0n, restarts: 0,
    records: 0, samples: 0, topologyRevision: 0n, lastError: "", lastDisturbanceUnixNano: 0n,
  };
  const log = options.log ?? (() => {});
  const disturb = () => {
    status.lastDisturbanceUnixNano = epochNs();
  };
  const nap = (ms: number) => sleep(ms, undefined, { signal }).then(() => true, () => false);

  sink.disturbed(source);
  disturb();

  const readTelemetry = async () => {
    const client = clients.telemetry.raw as unknown as telemetry.TelemetryServiceClient;
    while (!signal.aborted) {
      try {
        const request = {
          // A Heartbeat each second at least: a stream silent for three of them is taken for stalled and resumed.
          mode: telemetry.Mode.MODE_STREAM, selector: { includeRecords: true }, heartbeatIntervalNs: 1_000_000_000n,
          resumeAfterSequence: status.watermark, resumeLogId: status.logId,
        };
        for await (const event of subscribe(client, request, { signal, backoff, metadata: () => metadataFor(connectOptions) })) {
          if ("logId" in event) {
            if (status.logId !== "" && event.logId !== status.logId) {
              log(`${source}: the endpoint restarted (log ${event.logId} after ${status.logId})`);
              status.restarts++;
              sink.pulse(source);
              disturb();
            }
            status.logId = event.logId;
            status.watermark = event.watermark;
          }
          switch (event.type) {
            case "batch":
              if (event.records.length > 0) {
                status.records += event.records.length;
                sink.records(source, event.records);
              }
              if (event.samples.length > 0) {
                status.samples += event.samples.length;
                sink.samples(source, event.samples);
              }
              break;
            case "sync":
              status.state = State.ENDPOINT_STATE_SYNCED;
              status.lastError = "";
              sink.synced(source);
              break;
            case "gap":
              log(`${source}: Gap ${event.gap.fromSequence}..${event.gap.toSequence} (${telemetry.GapReason[event.gap.reason]}, ${event.gap.droppedRecords} records, ${event.gap.droppedSamples} samples)`);
              status.gaps++;
              status.droppedRecords += event.gap.droppedRecords;
              sink.pulse(source);
              disturb();
              break;
            case "reconnecting":
              log(`${source}: stream failed (${event.error.message}); resuming after ${status.watermark} in ${event.delayMs} ms`);
              if (status.state === State.ENDPOINT_STATE_SYNCED) sink.disturbed(source);
              status.state = State.ENDPOINT_STATE_RECONNECTING;
              status.lastError = event.error.message;
              disturb();
              break;
            case "protocol-error":
              log(`${source}: the stream broke its contract: ${event.message}`);
              status.lastError = event.message;
              sink.pulse(source);
              disturb();
              break;
            default:
              break;
          }
        }
      } catch (error) {
        if (signal.aborted) return;
        const failure = error as StrataError;
        log(`${source}: stream refused or failed (${failure.message}); retrying in ${backoff.maxMs} ms`);
        if (status.state === State.ENDPOINT_STATE_SYNCED) sink.disturbed(source);
        status.state = REFUSALS.has(failure.code) ? State.ENDPOINT_STATE_REFUSED : State.ENDPOINT_STATE_RECONNECTING;
        status.lastError = failure.message;
        disturb();
        if (!(await nap(backoff.maxMs))) return;
      }
    }
  };

  const watchTopology = async () => {
    let attempt = 0;
    while (!signal.aborted) {
      try {
        const info = await clients.identity.getInfo({}, { signal });
        status.layers = [...info.layers];
        sink.layers(source, status.layers);
        const stream = clients.topology.watchTopology(topology.WatchTopologyRequest.fromPartial({}), { signal });
        for await (const message of stream as AsyncIterable<topology.WatchTopologyResponse>) {
          attempt = 0;
          status.topologyRevision = message.revision;
          if (message.snapshot) sink.topologySnapshot(source, message.snapshot.nodes, message.snapshot.edges);
          else if (message.change) sink.topologyChange(source, message.change);
        }
      } catch (error) {
        if (signal.aborted) return;
        status.lastError ||= (error as Error).message;
      }
      attempt++;
      const delay = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(attempt - 1, 16));
      if (!(await nap(delay * (0.5 + Math.random() / 2)))) return;
    }
  };

  void readTelemetry();
  void watchTopology();
  return {
    status,
    close() {
      abort.abort();
      clients.close();
    },
  };
}
