// Cost of one data-path record: TelemetryRecorder.record() (log append + series
// aggregation with an exponential histogram) against the OpenTelemetry SDK's
// Histogram.record(value, attributes) with the same four attributes, measured
// side by side in interleaved rounds in one process. Target: ours ≤ 0.5× theirs.
import { AggregationType, MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import type { RequestInput } from "../src/telemetry/request-input.js";
import { createTelemetryRecorder } from "../src/telemetry/telemetry-recorder.js";
import { median, roundRatio, type Row } from "../../bench/rounds.js";
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

/** ns per call of fn(i) over one round of OPS calls. */
function round(fn: (i: number) => void): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < OPS; i++) fn(i);
  return Number(process.hrtime.bigint() - started) / OPS;
}

function warm(fn: (i: number) => void): void {
  for (let i = 0; i < 200_000; i++) fn(i);
}

/** A collect-only OpenTelemetry histogram recording the same attributes (default or exponential buckets). */
function otelHistogram(exponential: boolean) {
  const provider = new MeterProvider({
    readers: [new CollectOnlyReader()],
    views: exponential ? [{ instrumentName: "*", aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }] : [],
  });
  return { histogram: provider.getMeter("bench").createHistogram("fixture.io.latency", { unit: "ns" }), provider };
}

export default {
  name: "telemetry record()",
  async run(): Promise<Row[]> {
    const attributes = series();
    const inputs: RequestInput[] = attributes.map((a, i) => ({
      layer: FIXTURE_LAYER, operation: a.operation, resourceId: a.resource, tenantId: a.tenant, applicationId: a.application,
      startTimeUnixNano: 1_700_000_000_000_000_000n, durationNs: 50_000 + i * 37, payloadBytes: 4096, statusCode: 0,
    }));
    const durations = Float64Array.from({ length: 4096 }, (_, i) => 20_000 + ((i * 7919) % 2_000_000));

    const recorder = createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE });
    const disabled = createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE });
    disabled.setEnabled(false);
    const explicit = otelHistogram(false);
    const exponential = otelHistogram(true);
    const variants = {
      ours: (i: number) => {
        const input = inputs[i & (SERIES - 1)]!;
        input.durationNs = durations[i & 4095]!;
        recorder.record(input);
      },
      off: (i: number) => disabled.record(inputs[i & (SERIES - 1)]!),
      explicit: (i: number) => explicit.histogram.record(durations[i & 4095]!, attributes[i & (SERIES - 1)]!),
      exponential: (i: number) => exponential.histogram.record(durations[i & 4095]!, attributes[i & (SERIES - 1)]!),
    };
    for (const fn of Object.values(variants)) warm(fn);
    const ns: Record<keyof typeof variants, number[]> = { ours: [], off: [], explicit: [], exponential: [] };
    for (let r = 0; r < ROUNDS; r++) for (const [name, fn] of Object.entries(variants)) ns[name as keyof typeof variants].push(round(fn));
    recorder.close();
    disabled.close();
    void explicit.provider.shutdown();
    void exponential.provider.shutdown();

    const per = (values: number[]) => `${median(values).toFixed(1)} ns/op`;
    return [
      { bench: "record() vs OTel Histogram.record (default buckets)", ours: per(ns.ours), baseline: `otel ${per(ns.explicit)}`, ...roundRatio(ns.ours, ns.explicit), target: "≤ 0.5" },
      { bench: "record() vs OTel Histogram.record (exponential)", ours: per(ns.ours), baseline: `otel-exp ${per(ns.exponential)}`, ...roundRatio(ns.ours, ns.exponential), target: "≤ 0.5" },
      { bench: "record() with telemetry disabled", ours: per(ns.off), baseline: `enabled ${per(ns.ours)}`, ...roundRatio(ns.off, ns.ours), target: "" },
    ];
  },
};
