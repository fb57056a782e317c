import { telemetry, type management } from "@strata/sdk/contracts";
import { connectHub, type HubConnection } from "../hub/connect-hub.js";
import { createLiveness } from "../hub/create-liveness.js";
import { createPerformanceTracker, type PerformanceTracker, type PerformanceTrackerOptions } from "./create-performance-tracker.js";

export interface PerformanceOptions extends PerformanceTrackerOptions {
  hub: HubConnection;
  /** Called with each anomaly as it is raised. */
  onAnomaly?: (anomaly: management.Anomaly) => void;
  onError?: (error: unknown) => void;
}

export interface Performance {
  readonly tracker: PerformanceTracker;
  /** Resolves once the tool follows the hub's stream live. */
  readonly synced: Promise<void>;
  /** Whether it follows the hub's stream live now (false while it reconnects to a hub that restarted or went away). */
  live(): boolean;
  stop(): Promise<void>;
}

/**
 * The performance tool: follows the hub's derived latency samples
 * (end to end and per layer, per application) and keeps baselines and
 * anomalies in a PerformanceTracker.
 */
export function createPerformance(options: PerformanceOptions): Performance {
  const tracker = createPerformanceTracker(options);
  const clients = connectHub(options.hub);
  const abort = new AbortController();
  const liveness = createLiveness();
  const run = async () => {
    const selector = { metrics: ["strata.hub.transaction.latency", "strata.hub.transaction.layer_time"] };
    for await (const event of clients.stream({ mode: telemetry.Mode.MODE_STREAM, selector }, { signal: abort.signal })) {
      liveness.see(event);
      if (event.type === "batch") for (const anomaly of tracker.observe(event.samples)) options.onAnomaly?.(anomaly);
    }
  };
  const running = run().finally(liveness.end).catch((error) => {
    if (!abort.signal.aborted) (options.onError ?? ((e: unknown) => console.warn(`strata performance: ${(e as Error).message}`)))(error);
  });
  return {
    tracker,
    synced: liveness.synced,
    live: liveness.live,
    async stop() {
      abort.abort();
      await running;
      clients.close();
    },
  };
}
