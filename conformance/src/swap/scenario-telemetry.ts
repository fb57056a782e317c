import { telemetry } from "@strata/sdk/contracts";
import type { AnyClients } from "../runner/endpoint-scope.js";
import { sampleIntervalMs, subscribeRequest, TelemetryReader } from "../helpers/telemetry-reader.js";

/** A live stream of everything an endpoint logs from the moment a scenario begins. */
export interface ScenarioTelemetry {
  /**
   * Waits until a batch of samples closes the interval the scenario ended in (or
   * `settleMs` passes: by default two sample intervals and a second), stops the
   * stream, and returns what it carried after its SyncMarker.
   */
  settle(limits: { sampleIntervalNs: bigint }, settleMs?: number): Promise<telemetry.SubscribeResponse[]>;
  cancel(): void;
}

/**
 * Opens a live Subscribe stream (records included) as the operator and waits
 * for its SyncMarker, so that what follows it is what the scenario caused:
 * leftovers of earlier runs (a suite's series and their last samples, in the
 * initial state) stay out of the comparison of two endpoints.
 */
export async function watchScenarioTelemetry(operator: AnyClients, timeoutMs: number): Promise<ScenarioTelemetry> {
  const reader = new TelemetryReader(operator.telemetry.subscribe(subscribeRequest({ mode: telemetry.Mode.MODE_STREAM, selector: { includeRecords: true } })));
  if (!(await reader.waitFor(() => reader.synced, timeoutMs))) {
    reader.cancel();
    throw new Error(`a live Subscribe sent no SyncMarker within ${timeoutMs} ms${reader.error ? `: ${reader.error.message}` : ""}`);
  }
  const syncIndex = reader.syncs[0]!;
  return {
    async settle(limits, settleMs) {
      const scenarioEnd = reader.messages.length;
      const sampleBatchesAfterEnd = () => reader.messages.filter((m, i) => i >= scenarioEnd && (m.batch?.samples.length ?? 0) > 0).length;
      try {
        await reader.waitFor(() => sampleBatchesAfterEnd() >= 2, settleMs ?? 2 * sampleIntervalMs(limits) + 1000);
        const gap = reader.gaps.find((index) => index > syncIndex);
        if (gap !== undefined) throw new Error(`the scenario's telemetry has a Gap (${describeGap(reader.messages[gap]!)})`);
        return reader.messages.slice(syncIndex + 1);
      } finally {
        reader.cancel();
      }
    },
    cancel: () => reader.cancel(),
  };
}

function describeGap(message: telemetry.SubscribeResponse): string {
  const gap = message.gap!;
  return `${telemetry.gapReasonToJSON(gap.reason)}, sequences ${gap.fromSequence}–${gap.toSequence}`;
}
