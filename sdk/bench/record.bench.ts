// Cost of one data-path record: TelemetryRecorder.record() (log append + series
// aggregation with an exponential histogram) against the OpenTelemetry SDK's
// Histogram.record(value, attributes) with the same four attributes, measured
// side by side in one process. Target: ours ≤ 0.5× theirs.
import { AggregationType, MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import type { RequestInput } from "../src/telemetry/request-input.js";
import { createTelemetryRecorder } from "../src/telemetry/telemetry-recorder.js";
import { FIXTURE_CATALOGUE, FIXTURE_LAYER } from "../src/testing/fixture-layer.js";

/** A reader that only makes the SDK aggregate (no export). */
class CollectOnlyReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

const SERIES = 1024; // 4 tenants × 8 applications × 16 resources × 2 operations, below OTel's cardinality limit of 2000
const OPS = 1_000_000;
const ROUNDS = 5;

function series(): Array<{ tenant: string; application: string; resource: string; operation: string }> {
  const out = [];
  for (let i = 0; i < SERIES; i++) {
    out.push({ tenant: `tenant-${i % 4}`, application: `app-${(i >> 2) % 8}`, resource: `r-${(i >> 5) % 16}`, operation: i & 512 ? "read" : "write" });
  }
  return out;
}

/** Median ns per call of fn(i) over ROUNDS rounds of OPS calls. */
function measure(fn: (i: number) => void): number {
  for (let i = 0; i < 200_000; i++) fn(i);
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < OPS; i++) fn(i);
    rounds.push(Number(process.hrtime.bigint() - started) / OPS);
  }
  return rounds.sort((a, b) => a - b)[ROUNDS >> 1]!;
}

export default {
  name: "telemetry record()",
  async run() {
    const attributes = series();
    const inputs: RequestInput[] = attributes.map((a, i) => ({
      layer: FIXTURE_LAYER, operation: a.operation, resourceId: a.resource, tenantId: a.tenant, applicationId: a.application,
      startTimeUnixNano: 1_700_000_000_000_000_000n, durationNs: 50_000 + i * 37, payloadBytes: 4096, statusCode: 0,
    }));
    const durations = Float64Array.from({ length: 4096 }, (_, i) => 20_000 + ((i * 7919) % 2_000_000));

    const recorder = createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE });
    const ours = measure((i) => {
      const input = inputs[i & (SERIES - 1)]!;
      input.durationNs = durations[i & 4095]!;
      recorder.record(input);
    });
    recorder.setEnabled(false);
    const off = measure((i) => recorder.record(inputs[i & (SERIES - 1)]!));
    recorder.close();

    const otel = (exponential: boolean) => {
      const provider = new MeterProvider({
        readers: [new CollectOnlyReader()],
        views: exponential ? [{ instrumentName: "*", aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }] : [],
      });
      const histogram = provider.getMeter("bench").createHistogram("fixture.io.latency", { unit: "ns" });
      const ns = measure((i) => histogram.record(durations[i & 4095]!, attributes[i & (SERIES - 1)]!));
      void provider.shutdown();
      return ns;
    };
    const explicit = otel(false);
    const exponential = otel(true);
    const row = (name: string, baseline: string, theirs: number, target: string) =>
      ({ bench: name, ours: `${ours.toFixed(1)} ns/op`, baseline: `${baseline} ${theirs.toFixed(1)} ns/op`, ratio: ours / theirs, target });
    return [
      row("record() vs OTel Histogram.record (default buckets)", "otel", explicit, "≤ 0.5"),
      row("record() vs OTel Histogram.record (exponential)", "otel-exp", exponential, "≤ 0.5"),
      { bench: "record() with telemetry disabled", ours: `${off.toFixed(1)} ns/op`, baseline: `enabled ${ours.toFixed(1)} ns/op`, ratio: off / ours, target: "" },
    ];
  },
};
