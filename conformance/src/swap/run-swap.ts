import { topology } from "@strata/sdk/contracts";
import { ConfigError, resolveConfig, type ConformanceConfig, type ConformanceConfigInput } from "../config.js";
import { describeError } from "../helpers/describe-error.js";
import type { LayerModule } from "../registry/layer-module.js";
import { layerModules } from "../registry/layer-registry.js";
import { createCleanupTracker } from "../runner/cleanup-tracker.js";
import type { EndpointSummary } from "../runner/conformance-report.js";
import { openSession } from "../runner/open-session.js";
import { withTimeout } from "../runner/with-timeout.js";
import { compareShapes, type SwapRow } from "./compare-shapes.js";
import { addTelemetryShape, addTopologyShape, type EndpointShape } from "./endpoint-shape.js";
import { watchScenarioTelemetry } from "./scenario-telemetry.js";
import { createSwapContext, type SwapStep } from "./swap-context.js";
import { swapScenario, type ScenarioStep } from "./swap-scenarios.js";

/** One endpoint of a swap proof. */
export interface SwapSide {
  target: string;
  endpoint?: EndpointSummary;
  /** Steps or cleanups that failed outright; any fails the proof. */
  errors: string[];
}

export interface SwapReport {
  /** The layers whose steps ran (endpoint A's layers under test). */
  layers: string[];
  a: SwapSide;
  b: SwapSide;
  rows: SwapRow[];
  differences: number;
  /** True when both sides ran cleanly and every row is the same. */
  passed: boolean;
}

export interface SwapOptions {
  /** The steps to run instead of the scenario of the layers under test (tests, custom proofs). */
  scenario?: readonly SwapStep[];
  /** The layer modules to choose from instead of the registered ones. */
  modules?: readonly LayerModule[];
  /** How long to wait after the scenario for the samples of its last interval; default two sample intervals and a second. */
  settleMs?: number;
}

/**
 * The swap proof: runs the same scenario against two endpoints (the common
 * steps, then those of each layer under test: config.layer, else every
 * layer the endpoint declares) and compares what a tool depends on: metric names, kinds, units and
 * attribute keys, record operations, topology node kinds and relations,
 * and the status code of every call.
 */
export async function runSwap(inputA: ConformanceConfigInput, inputB: ConformanceConfigInput, options: SwapOptions = {}): Promise<SwapReport> {
  const modules = options.modules ?? layerModules();
  const names = modules.map((m) => m.name);
  const configA = resolveConfig(inputA, names);
  const configB = resolveConfig(inputB, names);
  if (configA.layer !== configB.layer) throw new ConfigError("layer", `must be the same for both endpoints (got ${configA.layer} and ${configB.layer})`);
  const scenario = (underTest: readonly LayerModule[]): ScenarioStep[] => options.scenario?.map((step) => ({ step })) ?? swapScenario(underTest);
  const [a, b] = await Promise.all([observe(configA, modules, scenario, options.settleMs), observe(configB, modules, scenario, options.settleMs)]);
  const rows = compareShapes(a.shape, b.shape);
  const differences = rows.filter((row) => !row.same).length;
  return {
    layers: a.layers, a: a.side, b: b.side, rows, differences,
    passed: differences === 0 && a.side.errors.length === 0 && b.side.errors.length === 0,
  };
}

async function observe(
  config: ConformanceConfig, modules: readonly LayerModule[], scenario: (underTest: readonly LayerModule[]) => ScenarioStep[], settleMs?: number,
): Promise<{ side: SwapSide; shape: EndpointShape; layers: string[] }> {
  const session = await openSession(config, modules);
  const side: SwapSide = { target: config.target, endpoint: session.endpoint, errors: session.setupError ? [session.setupError] : [] };
  const shape: EndpointShape = new Map();
  const layers = session.modules.map((m) => m.name);
  if (session.setupError) {
    session.close();
    return { side, shape, layers };
  }
  const tracker = createCleanupTracker();
  const s = createSwapContext(session.env, shape, tracker);
  try {
    const live = await watchScenarioTelemetry(s.operator, config.timeoutMs).catch((error: unknown) => {
      side.errors.push(`the scenario's telemetry: ${describeError(error)}`);
      return undefined;
    });
    for (const [index, { step, module }] of scenario(session.modules).entries()) {
      try {
        const context = module ? createSwapContext(session.env, shape, tracker, module) : s;
        await withTimeout(step(context), config.timeoutMs, () => new Error(`did not finish within ${config.timeoutMs} ms`));
      } catch (error) {
        side.errors.push(`step ${step.name || index + 1}: ${describeError(error)}`);
      }
    }
    // Only what the scenario caused: a suite run before it leaves series and samples behind.
    if (live) {
      const stream = await live.settle(s.limits, settleMs).catch((error: unknown) => {
        side.errors.push(`the scenario's telemetry: ${describeError(error)}`);
        return [];
      });
      addTelemetryShape(shape, stream);
    }
    const graph = await s.call("TopologyService.GetTopology as operator", s.operator.topology.getTopology(topology.GetTopologyRequest.fromPartial({})));
    if (graph) addTopologyShape(shape, graph);
  } finally {
    side.errors.push(...(await tracker.runAll(config.timeoutMs)).map((e) => `cleanup ${e}`));
    session.close();
  }
  return { side, shape, layers };
}
