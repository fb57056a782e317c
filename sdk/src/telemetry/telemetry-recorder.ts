import type { Limits } from "../gen/strata/core/v1/identity.js";
import type { Layer } from "../gen/strata/core/v1/layer.js";
import type { MetricSample } from "../gen/strata/telemetry/v1/records.js";
import type { SubscribeRequest } from "../gen/strata/telemetry/v1/telemetry.js";
import { StrataError } from "../errors/strata-error.js";
import type { CallContext } from "../server/call-context.js";
import type { ServiceRegistration } from "../server/service-registration.js";
import { InFlightTracker } from "./in-flight-tracker.js";
import { createIntervalSampler, type GaugeProvider } from "./interval-sampler.js";
import { LatestSamples } from "./latest-samples.js";
import type { LayerCatalogue, MetricDefinition } from "./metric-catalogue.js";
import { measurementLayoutOf, RequestAggregator } from "./request-aggregator.js";
import { ResamplerSet } from "./resampler-set.js";
import { DEFAULT_MAX_SERIES_PER_TENANT } from "./series-cap.js";
import type { RequestInput } from "./request-input.js";
import { encodeLogIdField } from "./response-encoder.js";
import { parseSubscribeRequest } from "./subscribe-request.js";
import { SubscriberStream, type StreamSource, type StreamStats, type SubscribeCall } from "./subscriber-stream.js";
import { TelemetryFanout } from "./telemetry-fanout.js";
import { RecordItem, SampleItem, TelemetryLog } from "./telemetry-log.js";
import { telemetryServiceDefinition } from "./telemetry-service-definition.js";

export interface TelemetryRecorderOptions {
  /** The layer's standard catalogue: its layer, metrics and data-path operations. */
  catalogue: LayerCatalogue;
  /** Items (records and samples) retained for resume; default 65 536. */
  retainedItems?: number;
  /** Base sample interval, ms; default 1000. */
  sampleIntervalMs?: number;
  /** Most items queued for one slow subscriber before it gets a Gap (Limits.subscriber_buffer_items); default 8192. */
  subscriberQueueItems?: number;
  /** Heartbeat interval of streams that ask for the default, ms, at most 10 000 (Limits.default_heartbeat_interval_ns); default 10 000. */
  heartbeatDefaultMs?: number;
  /** Longest sample_interval_ns a stream may ask for, in base intervals (Limits.max_interval_multiple); default 3600. */
  maxIntervalMultiple?: number;
  /** Distinct sample intervals served to streams at once, the base one included (Limits.max_sample_intervals); default 16. */
  maxSampleIntervals?: number;
  /** Intervals a series keeps sending zeros after its last request (see createIntervalSampler); default 5. */
  graceIntervals?: number;
  /** Intervals after which an idle series is forgotten; default 600. */
  forgetAfterIntervals?: number;
  /** Series one tenant may have per metric; beyond, its overflow series (Limits.max_series_per_tenant); default 2000. */
  maxSeriesPerTenant?: number;
  /** UNIX epoch ns; a fixed clock makes samples exact in tests. */
  now?: () => bigint;
  /** Called when a gauge provider throws; default logs to stderr. */
  onProviderError?: (error: unknown) => void;
}

/** The fields of strata.core.v1.Limits the telemetry engine fixes. */
export type TelemetryLimits = Pick<Limits,
  | "telemetryRetainedItems" | "sampleIntervalNs" | "maxSampleIntervals" | "maxIntervalMultiple"
  | "defaultHeartbeatIntervalNs" | "subscriberBufferItems" | "maxSeriesPerTenant">;

/** The handler of TelemetryService.Subscribe, as the kit calls it. */
export type SubscribeHandler = (request: SubscribeRequest, ctx: CallContext, call: SubscribeCall) => Promise<void>;

/** The recorder's own view of its size, for tests and operators. */
export interface TelemetryStats {
  readonly logId: string;
  readonly head: number;
  readonly oldest: number;
  readonly latestSeries: number;
  /** Series the recorder aggregates requests and requests in flight in (bounded by the per-tenant cap). */
  readonly aggregatedSeries: number;
  /** Groups of live streams with identical subscriptions, sharing encoded batches. */
  readonly groups: number;
  readonly streams: StreamStats[];
}

/** The telemetry engine of one endpoint: records on the data path, samples per interval, Subscribe streams. */
export interface TelemetryRecorder {
  readonly layer: Layer;
  readonly logId: string;
  readonly catalogue: readonly MetricDefinition[];
  readonly enabled: boolean;
  /** Turns recording off (record() returns at once) or back on; streams stay open. */
  setEnabled(enabled: boolean): void;
  /** Logs one data-path request and aggregates it. O(1), never blocks, never waits for a subscriber. */
  record(input: RequestInput): void;
  /**
   * Logs a request record another endpoint made, for an endpoint that
   * re-publishes others' telemetry (a hub): streams carry it like the
   * endpoint's own records, under this log's sequence, but it is aggregated
   * into none of this endpoint's series. O(1), never blocks.
   */
  relayRecord(input: RequestInput): void;
  /**
   * Logs samples made outside the catalogue's own sampling: another
   * endpoint's samples re-published, or samples the endpoint derives itself.
   * Each gets this log's next sequence (the objects are taken over), becomes
   * the latest sample of its series for new streams' initial state, and is
   * merged into the longer sample intervals at the next interval tick, as a
   * base-interval sample.
   */
  publishSamples(samples: readonly MetricSample[]): void;
  /** UNIX epoch ns on the recorder's clock (monotonic, anchored to the epoch once): the one clock of records and samples. */
  now(): bigint;
  /** Counts a request in flight on a resource for queue depth; call the result when it is answered. */
  trackInFlight(tenantId: string, applicationId: string, resourceId: string): () => void;
  /**
   * Says a resource is gone (a layer kit calls it when it deletes one): at
   * the next interval tick every series of the resource, whatever its tenant
   * and application, sends one final sample (and one per longer sample
   * interval a stream uses), then ends; nothing of it stays in memory or in
   * a new stream's initial state. A request recorded on the id afterwards
   * starts new series.
   */
  endResource(resourceId: string): void;
  /** Adds gauges polled at every interval tick; returns a function that removes them. */
  registerGauges(provider: GaugeProvider): () => void;
  /** Closes the current interval now: samples are logged and sent to streams. */
  flush(): void;
  /** The telemetry fields of IdentityService.GetCapabilities' Limits, from the recorder's configuration. */
  limits(): TelemetryLimits;
  /** The Subscribe handler. */
  readonly subscribe: SubscribeHandler;
  /** TelemetryService for createLayerServer. */
  service(): ServiceRegistration<typeof telemetryServiceDefinition>;
  stats(): TelemetryStats;
  /** Stops the interval timer and ends every stream with OK. */
  close(): void;
}

/** A whole number of at least 1 (and at most max), or a RangeError naming the option. */
function positive(name: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`createTelemetryRecorder: ${name} must be a whole number from 1 to ${max}, got ${value}`);
  }
  return value;
}

/** UNIX epoch ns from the monotonic clock, so that intervals never run backwards. */
function epochClock(): () => bigint {
  const origin = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
  return () => origin + process.hrtime.bigint();
}

/**
 * Creates the telemetry engine of an endpoint.
 *
 * @example
 * const telemetry = createTelemetryRecorder({ catalogue: layerCatalogue });
 * telemetry.record({ layer, operation: "read", resourceId, tenantId, applicationId,
 *   startTimeUnixNano, durationNs, payloadBytes: 4096, statusCode: 0 });
 */
export function createTelemetryRecorder(options: TelemetryRecorderOptions): TelemetryRecorder {
  const now = options.now ?? epochClock();
  const sampleIntervalMs = positive("sampleIntervalMs", options.sampleIntervalMs ?? 1000);
  const subscriberQueueItems = positive("subscriberQueueItems", options.subscriberQueueItems ?? 8192);
  const heartbeatDefaultMs = positive("heartbeatDefaultMs", options.heartbeatDefaultMs ?? 10_000, 10_000);
  const maxIntervalMultiple = positive("maxIntervalMultiple", options.maxIntervalMultiple ?? 3600);
  const maxSampleIntervals = positive("maxSampleIntervals", options.maxSampleIntervals ?? 16);
  const forgetAfterIntervals = options.forgetAfterIntervals ?? 600;
  const log = new TelemetryLog(options.retainedItems ?? 65_536);
  const layer = options.catalogue.layer;
  const maxSeriesPerTenant = positive("maxSeriesPerTenant", options.maxSeriesPerTenant ?? DEFAULT_MAX_SERIES_PER_TENANT);
  const measurements = measurementLayoutOf(options.catalogue.metrics);
  const requests = new RequestAggregator(layer, maxSeriesPerTenant, measurements);
  // The queue-depth integral runs in milliseconds since creation, on the same clock as records and samples.
  const origin = now();
  requests.intervalStartNs = origin;
  const inFlight = new InFlightTracker(() => Number(now() - origin) / 1e6, maxSeriesPerTenant);
  const providers = new Set<GaugeProvider>();
  const catalogue = options.catalogue.metrics;
  const sample = createIntervalSampler({
    layer, metrics: catalogue, operations: options.catalogue.operations, requests, measurements, inFlight, providers,
    graceIntervals: options.graceIntervals ?? 5, forgetAfterIntervals, maxSeriesPerTenant,
    onProviderError: options.onProviderError ?? ((error) => console.error("strata: a telemetry gauge provider failed", error)),
  });
  const latest = new LatestSamples(forgetAfterIntervals);
  // A series that ended early to make room leaves no latest sample behind: that memory is bounded too.
  requests.onEvict = (s) => latest.dropSeries(s.tenantId, s.applicationId, s.resourceId);
  inFlight.onEvict = (s) => latest.dropSeries(s.tenantId, s.applicationId, s.resourceId);
  const fanout = new TelemetryFanout(log);
  const streams = new Set<SubscriberStream>();
  const source: StreamSource = {
    log, latest, fanout, now,
    logIdField: encodeLogIdField(log.logId),
    queueItems: subscriberQueueItems,
    batchItems: 512,
  };
  let enabled = true;
  let tick = 0;
  // Resources gone since the last tick: their series end at the next one.
  const ended = new Set<string>();
  let intervalStart = now();

  const appendSamples = (samples: MetricSample[], multiple: number) => {
    for (const s of samples) {
      s.sequence = BigInt(log.nextSequence);
      const item = new SampleItem(s, multiple, tick);
      log.append(item);
      latest.set(item, tick);
    }
  };
  const resamplers = new ResamplerSet(log, appendSamples, maxSampleIntervals);
  // Samples published since the last tick, merged into the longer intervals at the next one.
  let published: MetricSample[] = [];

  const flush = () => {
    const end = now();
    tick++;
    requests.tick = tick;
    const samples = sample(intervalStart, end, tick, ended);
    appendSamples(samples, 1);
    const merged = published.length > 0 ? [...published, ...samples] : samples;
    published = [];
    resamplers.onTick(merged, tick);
    resamplers.end(ended);
    for (const resourceId of ended) latest.dropResource(resourceId);
    ended.clear();
    intervalStart = end;
    latest.expire(tick);
    fanout.flush();
  };
  const timer = setInterval(flush, sampleIntervalMs).unref();

  const record = (input: RequestInput) => {
    if (!enabled) return;
    log.append(new RecordItem(log.nextSequence, input));
    requests.add(input);
    if (fanout.active) fanout.notify();
  };

  const relayRecord = (input: RequestInput) => {
    if (!enabled) return;
    log.append(new RecordItem(log.nextSequence, input));
    if (fanout.active) fanout.notify();
  };

  const publishSamples = (samples: readonly MetricSample[]) => {
    if (!enabled || samples.length === 0) return;
    appendSamples(samples as MetricSample[], 1);
    for (const sample of samples) published.push(sample);
    if (fanout.active) for (let i = 0; i < samples.length; i++) fanout.notify();
  };

  const trackInFlight = (tenantId: string, applicationId: string, resourceId: string) => inFlight.track(tenantId, applicationId, resourceId);

  const subscribe: SubscribeHandler = async (request, ctx, call) => {
    if (!ctx.principal) throw StrataError.unauthenticated("Subscribe requires credentials");
    const subscription = parseSubscribeRequest(request, ctx.principal, {
      baseIntervalNs: BigInt(sampleIntervalMs) * 1_000_000n,
      maxIntervalMultiple,
      heartbeatDefaultMs,
      logId: log.logId,
      head: log.head,
    });
    const release = resamplers.acquire(subscription.intervalMultiple);
    const stream = new SubscriberStream(call, subscription, source);
    streams.add(stream);
    try {
      await stream.run(ctx.signal);
    } finally {
      streams.delete(stream);
      release();
    }
  };

  return {
    layer,
    logId: log.logId,
    catalogue,
    get enabled() { return enabled; },
    setEnabled(value) { enabled = value; },
    record,
    relayRecord,
    publishSamples,
    now,
    trackInFlight,
    endResource(resourceId) {
      ended.add(resourceId);
    },
    registerGauges(provider) {
      providers.add(provider);
      return () => providers.delete(provider);
    },
    flush,
    limits: () => ({
      telemetryRetainedItems: BigInt(log.capacity),
      sampleIntervalNs: BigInt(sampleIntervalMs) * 1_000_000n,
      maxSampleIntervals,
      maxIntervalMultiple,
      defaultHeartbeatIntervalNs: BigInt(heartbeatDefaultMs) * 1_000_000n,
      subscriberBufferItems: BigInt(subscriberQueueItems),
      maxSeriesPerTenant: BigInt(maxSeriesPerTenant),
    }),
    subscribe,
    service: () => ({ definition: telemetryServiceDefinition, implementation: { subscribe } }),
    stats: () => ({ logId: log.logId, head: log.head, oldest: log.oldest, latestSeries: latest.size, aggregatedSeries: requests.series.size + inFlight.series.size, groups: fanout.groupCount, streams: [...streams].map((s) => s.stats()) }),
    close() {
      clearInterval(timer);
      for (const stream of streams) stream.close();
      fanout.close();
    },
  };
}
