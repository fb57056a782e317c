import type { Layer } from "../gen/strata/core/v1/layer.js";
import type { MetricSample } from "../gen/strata/telemetry/v1/records.js";
import type { InFlightTracker } from "./in-flight-tracker.js";
import type { MetricDefinition, MetricSource } from "./metric-catalogue.js";
import { seriesKey, type MeasurementLayout, type RequestAggregator, type RequestSeries } from "./request-aggregator.js";
import { OVERFLOW_ATTRIBUTES, OVERFLOW_ID } from "./series-cap.js";

/** One gauge value a vendor publishes for the interval that just ended. */
export interface GaugeValue {
  /** Catalogue name (or a vendor.<name>. metric). */
  metric: string;
  tenantId: string;
  applicationId: string;
  resourceId: string;
  attributes?: Readonly<Record<string, string>>;
  value: number;
  /**
   * False for a resource no data-path request addresses (a part of one, whose
   * traffic is recorded on the resource it belongs to): the value does not
   * make the resource an owner's, so it gets no rows derived from request
   * records. Default true.
   */
  dataPath?: boolean;
}

/** Polled once per interval; see TelemetryRecorder.registerGauges(). */
export type GaugeProvider = () => Iterable<GaugeValue>;

export interface IntervalSamplerOptions {
  layer: Layer;
  metrics: readonly MetricDefinition[];
  /** The layer's data-path operations: an owner's series exist for each, idle or not. */
  operations: readonly string[];
  requests: RequestAggregator;
  /** The measurements the aggregator keeps, in its order. */
  measurements: MeasurementLayout;
  inFlight: InFlightTracker;
  providers: ReadonlySet<GaugeProvider>;
  /** Intervals a series of an unreported resource keeps sending zeros after its last request. */
  graceIntervals: number;
  /** Intervals after which an idle series is forgotten (its counters then restart). */
  forgetAfterIntervals: number;
  /** Series per tenant per metric; provider values beyond it fold into the tenant's overflow series (their mean). */
  maxSeriesPerTenant: number;
  onProviderError: (error: unknown) => void;
}

type Value = Pick<MetricSample, "gauge" | "counter" | "histogram">;

/**
 * Turns one interval of aggregation into samples. The rules (docs/telemetry.md,
 * the layers' catalogues) are:
 * 1. Every gauge provider value becomes a sample. A resource a provider
 *    reports on exists for this interval and is owned by the reported tenant
 *    and application, unless the value says it has no data path of its own.
 * 2. The owner of an existing resource gets every catalogue row every
 *    interval, for each operation: unchanged counters, zero rates, an empty
 *    latency histogram and zero queue depth when idle.
 * 3. Any other series gets its rows in the intervals it had requests.
 * 4. A series whose resource no provider reports (layers without gauges)
 *    also keeps sending counters and zero rates for graceIntervals after its
 *    last request, so that a dashboard sees the load fall to zero rather than
 *    freeze at its last value.
 * 5. A series idle for forgetAfterIntervals is dropped, so memory follows the
 *    active series; if it comes back its counters restart from zero, with a
 *    new series start time.
 * 6. A resource the layer said is gone (the `ended` ids) ends every series
 *    of it: each sends its rows one last time (the interval's rates, final
 *    counters), then is forgotten; provider values still naming it are stale
 *    and ignored.
 * 7. A tenant has at most maxSeriesPerTenant series per metric: at the cap,
 *    a new series takes the place of the tenant's series idle the longest
 *    (no request in the last interval, no owner), which ends early; what
 *    still goes beyond folds into the tenant's one overflow series of the
 *    metric (application and resource "strata.overflow", attribute
 *    "strata.overflow"="true").
 * A provider value wins over a recorder-computed one for the same series.
 */
export function createIntervalSampler(
  options: IntervalSamplerOptions,
): (startNs: bigint, endNs: bigint, tick: number, ended: ReadonlySet<string>) => MetricSample[] {
  const { layer, requests, inFlight, graceIntervals, forgetAfterIntervals } = options;
  const units = new Map(options.metrics.map((m) => [m.name, m.unit]));
  const derived = (source: MetricSource) => options.metrics.filter((m) => m.source === source);
  const requestRows = (["requests", "bytes", "request-rate", "byte-rate", "latency", "measurement-sum", "measurement-histogram"] as const)
    .flatMap((source) => derived(source).map((definition) => ({
      definition, source, perOperation: definition.attributes.includes("operation"),
      measured: definition.measurement === undefined ? -1 : options.measurements.names.indexOf(definition.measurement),
    })));
  const depthRows = derived("in-flight");

  return (startNs, endNs, tick, ended) => {
    const out: MetricSample[] = [];
    const seconds = Number(endNs - startNs) / 1e9;
    const provided = new Set<string>();
    const owners = new Map<string, { tenantId: string; applicationId: string; resourceId: string }>();
    const reported = new Set<string>();
    const emit = (metric: string, on: { tenantId: string; applicationId: string; resourceId: string }, attributes: Record<string, string>, value: Value) => {
      out.push({
        sequence: 0n, metric, unit: units.get(metric) ?? "1", layer,
        tenantId: on.tenantId, applicationId: on.applicationId, resourceId: on.resourceId, attributes,
        startTimeUnixNano: startNs, timeUnixNano: endNs,
        gauge: value.gauge, counter: value.counter, histogram: value.histogram,
      });
    };
    const isProvided = (metric: string, on: { tenantId: string; applicationId: string; resourceId: string }, attributes: Record<string, string>) =>
      provided.size > 0 && provided.has(identity(metric, on, attributes));

    const perTenant = new Map<string, number>();
    const folded = new Map<string, { metric: string; tenantId: string; sum: number; count: number }>();
    for (const provider of options.providers) {
      let values: GaugeValue[];
      try {
        values = [...provider()];
      } catch (error) {
        options.onProviderError(error);
        continue;
      }
      for (const v of values) {
        if (ended.has(v.resourceId)) continue;
        const attributes = { ...v.attributes };
        const id = identity(v.metric, v, attributes);
        if (provided.has(id)) continue;
        const budget = `${v.tenantId}\u0000${v.metric}`;
        const count = (perTenant.get(budget) ?? 0) + 1;
        perTenant.set(budget, count);
        if (count > options.maxSeriesPerTenant) {
          const fold = folded.get(budget) ?? { metric: v.metric, tenantId: v.tenantId, sum: 0, count: 0 };
          fold.sum += v.value;
          fold.count += 1;
          folded.set(budget, fold);
          continue;
        }
        emit(v.metric, v, attributes, { gauge: { value: v.value } });
        provided.add(id);
        if (v.dataPath === false) continue;
        owners.set(seriesKey(v.tenantId, v.applicationId, v.resourceId), v);
        reported.add(v.resourceId);
      }
    }
    for (const { metric, tenantId, sum, count } of folded.values()) {
      emit(metric, overflowOf(tenantId), { ...OVERFLOW_ATTRIBUTES }, { gauge: { value: sum / count } });
    }

    const pinned = new Set<RequestSeries>();
    // Owners' series may take the places the last interval offered; this interval's offers are made below.
    for (const o of owners.values()) for (const op of options.operations) pinned.add(requests.ensure(o.tenantId, o.applicationId, o.resourceId, op));
    requests.clearOffers();
    // Owners' queue-depth series count against the cap as well; an owner the cap leaves out reports no depth of its own.
    const depthOwners = depthRows.length === 0 ? [] : [...owners].filter(([, o]) => inFlight.ensure(o.tenantId, o.applicationId, o.resourceId) !== undefined);
    inFlight.clearOffers();
    for (const s of requests.series.values()) {
      const ending = ended.has(s.resourceId);
      const active = s.intervalOps > 0 || pinned.has(s) || ending;
      if (active || (!reported.has(s.resourceId) && tick - s.lastActiveTick <= graceIntervals)) {
        for (const { definition, source, perOperation, measured } of requestRows) {
          if ((source === "latency" || source === "measurement-histogram") && !active) continue;
          const attributes: Record<string, string> = s.overflow ? { ...OVERFLOW_ATTRIBUTES } : perOperation ? { operation: s.operation } : {};
          if (!isProvided(definition.name, s, attributes)) emit(definition.name, s, attributes, requestValue(source, s, seconds, measured));
        }
      }
      s.closeInterval(tick);
      if (ending || (!pinned.has(s) && tick - s.lastActiveTick > forgetAfterIntervals)) requests.delete(s);
      else if (!pinned.has(s) && s.lastActiveTick < tick) requests.offer(s);
    }

    inFlight.closeInterval(tick);
    for (const definition of depthRows) {
      for (const [, o] of depthOwners) {
        if (!isProvided(definition.name, o, {})) emit(definition.name, o, {}, { gauge: { value: inFlight.get(o.tenantId, o.applicationId, o.resourceId)?.mean ?? 0 } });
      }
      for (const [key, s] of inFlight.series) {
        const attributes = s.overflow ? { ...OVERFLOW_ATTRIBUTES } : {};
        const idle = tick - s.lastActiveTick > graceIntervals && !ended.has(s.resourceId);
        if (owners.has(key) || idle || isProvided(definition.name, s, attributes)) continue;
        emit(definition.name, s, attributes, { gauge: { value: s.mean } });
      }
    }
    for (const [key, s] of inFlight.series) {
      if (ended.has(s.resourceId)) inFlight.forget(key, s);
      if (ended.has(s.resourceId) || s.current > 0 || owners.has(key) || s.lastActiveTick >= tick) continue;
      if (tick - s.lastActiveTick > forgetAfterIntervals) inFlight.forget(key, s);
      else inFlight.offer(key, s);
    }
    requests.intervalStartNs = endNs;
    return out;
  };
}

function requestValue(source: MetricSource, s: RequestSeries, seconds: number, measured: number): Value {
  const rate = (n: number) => (seconds > 0 ? n / seconds : 0);
  switch (source) {
    case "requests": return { counter: { value: s.ops + s.intervalOps, seriesStartTimeUnixNano: s.startTimeUnixNano } };
    case "bytes": return { counter: { value: s.bytes + s.intervalBytes, seriesStartTimeUnixNano: s.startTimeUnixNano } };
    case "request-rate": return { gauge: { value: rate(s.intervalOps) } };
    case "byte-rate": return { gauge: { value: rate(s.intervalBytes) } };
    case "measurement-sum":
      return { counter: { value: s.measured[measured]! + s.intervalMeasured[measured]!, seriesStartTimeUnixNano: s.startTimeUnixNano } };
    case "measurement-histogram": return { histogram: s.measuredHistograms[measured]!.toProto() };
    default: return { histogram: s.latency.toProto() };
  }
}

/** Where a tenant's overflow series sits. */
function overflowOf(tenantId: string): { tenantId: string; applicationId: string; resourceId: string } {
  return { tenantId, applicationId: OVERFLOW_ID, resourceId: OVERFLOW_ID };
}

/** A series' identity: metric, tenant, application, resource and attributes. */
export function identity(metric: string, on: { tenantId: string; applicationId: string; resourceId: string }, attributes: Readonly<Record<string, string>>): string {
  const attrs = Object.keys(attributes).sort().map((k) => `${k}=${attributes[k]}`).join("\u0001");
  return `${metric}\u0000${seriesKey(on.tenantId, on.applicationId, on.resourceId)}\u0000${attrs}`;
}
