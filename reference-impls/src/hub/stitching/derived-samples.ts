import { core, telemetry } from "@strata/sdk/contracts";
import type { ApplicationLatency, Bucket } from "./application-latency.js";
import { TRANSACTION_COUNT, TRANSACTION_LATENCY, TRANSACTION_LAYER_TIME } from "./hub-metrics.js";

/**
 * The derived samples of one application for one closed interval: per root
 * layer its end-to-end latency and its cumulative complete and incomplete
 * counts, per layer its share. The resource is the application's topology
 * node; the `layer` attribute keeps series of different layers apart.
 */
export function derivedSamples(
  app: ApplicationLatency, bucket: Bucket, startTimeUnixNano: bigint, timeUnixNano: bigint,
): telemetry.MetricSample[] {
  const counters = app.counters;
  const base = {
    tenantId: app.tenantId, applicationId: app.applicationId, resourceId: `application:${app.tenantId}/${app.applicationId}`,
    startTimeUnixNano, timeUnixNano,
  };
  const samples: telemetry.MetricSample[] = [];
  for (const [layer, root] of [...bucket.byRoot].sort(([a], [b]) => a - b)) {
    const layerName = core.layerToJSON(layer);
    samples.push(telemetry.MetricSample.fromPartial({
      ...base, metric: TRANSACTION_LATENCY, unit: "ns", layer, attributes: { layer: layerName }, histogram: root.endToEnd.toProto(),
    }));
    for (const [completeness, count] of [["complete", root.complete], ["incomplete", root.incomplete]] as const) {
      const key = `${layerName}/${completeness}`;
      let counter = counters.get(key);
      if (!counter) counters.set(key, (counter = { value: 0, seriesStartTimeUnixNano: startTimeUnixNano }));
      counter.value += count;
      samples.push(telemetry.MetricSample.fromPartial({
        ...base, metric: TRANSACTION_COUNT, unit: "{transaction}", layer, attributes: { layer: layerName, completeness },
        counter: { value: counter.value, seriesStartTimeUnixNano: counter.seriesStartTimeUnixNano },
      }));
    }
  }
  for (const [layer, histogram] of [...bucket.shares].sort(([a], [b]) => a - b)) {
    samples.push(telemetry.MetricSample.fromPartial({
      ...base, metric: TRANSACTION_LAYER_TIME, unit: "ns", layer, attributes: { layer: core.layerToJSON(layer) }, histogram: histogram.toProto(),
    }));
  }
  return samples;
}
