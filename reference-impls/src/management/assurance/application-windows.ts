import type { core, telemetry } from "@strata/sdk/contracts";
import { ExponentialHistogram } from "@strata/sdk/server";

export const TRANSACTION_LATENCY = "strata.hub.transaction.latency";
export const TRANSACTION_LAYER_TIME = "strata.hub.transaction.layer_time";

/** One application's interval as the hub derived it: its end-to-end latency and each layer's mean share. */
export interface ApplicationWindow {
  tenantId: string;
  applicationId: string;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  /** End-to-end latency, every root layer's transactions merged. */
  latency: ExponentialHistogram;
  /** Each layer's mean time per transaction in the interval, ns. */
  layerMeanNs: Map<core.Layer, number>;
}

/**
 * Groups a batch of the hub's derived samples into application windows, one
 * per application and interval that has an end-to-end latency, oldest first.
 */
export function applicationWindows(samples: readonly telemetry.MetricSample[]): ApplicationWindow[] {
  const windows = new Map<string, ApplicationWindow>();
  const windowOf = (s: telemetry.MetricSample) => {
    const key = `${s.tenantId}\u0000${s.applicationId}\u0000${s.timeUnixNano}`;
    let w = windows.get(key);
    if (!w) {
      w = { tenantId: s.tenantId, applicationId: s.applicationId, startTimeUnixNano: s.startTimeUnixNano, timeUnixNano: s.timeUnixNano, latency: new ExponentialHistogram(), layerMeanNs: new Map() };
      windows.set(key, w);
    }
    return w;
  };
  for (const s of samples) {
    if (!s.histogram || s.histogram.count === 0n) continue;
    if (s.metric === TRANSACTION_LATENCY) windowOf(s).latency.merge(ExponentialHistogram.fromProto(s.histogram));
    else if (s.metric === TRANSACTION_LAYER_TIME) windowOf(s).layerMeanNs.set(s.layer, s.histogram.sum / Number(s.histogram.count));
  }
  return [...windows.values()].filter((w) => w.latency.count > 0).sort((a, b) => Number(a.timeUnixNano - b.timeUnixNano));
}
