import { setTimeout as sleep } from "node:timers/promises";
import { telemetry, topology } from "@strata/sdk/contracts";
import { ConfigError, resolveConfig, type ConformanceConfig, type ConformanceConfigInput } from "../config.js";
import { collectStream } from "../helpers/collect-stream.js";
import { describeError } from "../helpers/describe-error.js";
import type { ConformanceLayer } from "../layers.js";
import { createCleanupTracker } from "../runner/cleanup-tracker.js";
import type { EndpointSummary } from "../runner/conformance-report.js";
import { openSession } from "../runner/open-session.js";
import { withTimeout } from "../runner/with-timeout.js";
import { compareShapes, type SwapRow } from "./compare-shapes.js";
import { addTelemetryShape, addTopologyShape, type EndpointShape } from "./endpoint-shape.js";
import { createSwapContext, type SwapStep } from "./swap-context.js";
import { SWAP_SCENARIOS } from "./swap-scenarios.js";

/** One endpoint of a swap proof. */
export interface SwapSide {
  target: string;
  endpoint?: EndpointSummary;
  /** Steps or cleanups that failed outright; any fails the proof. */
  errors: string[];
}

export interface SwapReport {
  layer: ConformanceLayer;
  a: SwapSide;
  b: SwapSide;
  rows: SwapRow[];
  differences: number;
  /** True when both sides ran cleanly and every row is the same. */
  passed: boolean;
}

export interface SwapOptions {
  /** The steps to run instead of the layer's scenario (tests, custom proofs). */
  scenario?: readonly SwapStep[];
  /** How long to wait after the scenario for samples to close; default one sample interval, at most 2 s. */
  settleMs?: number;
}

/**
 * The swap proof: runs the same scenario against two endpoints of a layer
 * and compares what a tool depends on: metric names, kinds, units and
 * attribute keys, record operations, topology node kinds and relations,
 * and the status code of every call.
 */
export async function runSwap(inputA: ConformanceConfigInput, inputB: ConformanceConfigInput, options: SwapOptions = {}): Promise<SwapReport> {
  const configA = resolveConfig(inputA);
  const configB = resolveConfig(inputB);
  if (configA.layer !== configB.layer) throw new ConfigError("layer", `must be the same for both endpoints (got ${configA.layer} and ${configB.layer})`);
  const steps = options.scenario ?? SWAP_SCENARIOS[configA.layer];
  const [a, b] = await Promise.all([observe(configA, steps, options.settleMs), observe(configB, steps, options.settleMs)]);
  const rows = compareShapes(a.shape, b.shape);
  const differences = rows.filter((row) => !row.same).length;
  return {
    layer: configA.layer, a: a.side, b: b.side, rows, differences,
    passed: differences === 0 && a.side.errors.length === 0 && b.side.errors.length === 0,
  };
}

async function observe(config: ConformanceConfig, steps: readonly SwapStep[], settleMs?: number): Promise<{ side: SwapSide; shape: EndpointShape }> {
  const session = await openSession(config);
  const side: SwapSide = { target: config.target, endpoint: session.endpoint, errors: session.setupError ? [session.setupError] : [] };
  const shape: EndpointShape = new Map();
  if (session.setupError) {
    session.close();
    return { side, shape };
  }
  const tracker = createCleanupTracker();
  const s = createSwapContext(session.env, shape, tracker);
  try {
    for (const [index, step] of steps.entries()) {
      try {
        await withTimeout(step(s), config.timeoutMs, () => new Error(`did not finish within ${config.timeoutMs} ms`));
      } catch (error) {
        side.errors.push(`step ${step.name || index + 1}: ${describeError(error)}`);
      }
    }
    await sleep(settleMs ?? Math.min(Number(s.limits.sampleIntervalNs / 1_000_000n), 2000));
    const stream = await s.call("TelemetryService.Subscribe (MODE_ONCE, records) as operator", collectStream(
      s.operator.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({ mode: telemetry.Mode.MODE_ONCE, selector: { includeRecords: true } })),
      { timeoutMs: config.timeoutMs }));
    addTelemetryShape(shape, stream ?? []);
    const graph = await s.call("TopologyService.GetTopology as operator", s.operator.topology.getTopology(topology.GetTopologyRequest.fromPartial({})));
    if (graph) addTopologyShape(shape, graph);
  } finally {
    side.errors.push(...(await tracker.runAll(config.timeoutMs)).map((e) => `cleanup ${e}`));
    session.close();
  }
  return { side, shape };
}
