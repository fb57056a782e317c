import { resolveConfig, type ConformanceConfigInput } from "../config.js";
import "../common/index.js";
import type { LayerModule } from "../registry/layer-module.js";
import { layerModules } from "../registry/layer-registry.js";
import { planChecks, type PlannedCheck } from "../registry/plan-checks.js";
import type { ConformanceReport } from "../runner/conformance-report.js";
import { connectWith } from "../runner/open-session.js";
import { allChecks, runConformance, type RunOptions } from "../runner/run-conformance.js";
import { HUB_MODULE_NAME, hubLayerModule } from "./hub-layer-module.js";
import type { StreamRelay } from "./stream-relay.js";

/**
 * The common suites that apply to a hub, by suite: what a hub serves as a
 * layer endpoint does (the merged stream, the merged graph, its own lists),
 * not the layer's resources, which it neither creates nor deletes
 * (common/idempotency does not apply).
 */
export const HUB_COMMON_SUITES: ReadonlySet<string> = new Set([
  "common/identity", "common/health", "common/reflection", "common/unauthenticated", "common/request-errors", "common/telemetry-errors",
  "common/telemetry-records", "common/attribution", "common/telemetry-stream", "common/telemetry-gaps", "common/telemetry-selectors",
  "common/pagination", "common/tenancy", "common/topology-graph", "common/topology-watch", "common/topology-history", "common/limits",
]);

/**
 * The checks a hub run plans for a hub module (the common suites that apply
 * and the hub's own), for the map of requirements to checks.
 */
export function planHubChecks(module: LayerModule): PlannedCheck[] {
  return planChecks(hubChecksOf(module), [module]);
}

/** The checks a hub run chooses from: the common suites that apply to a hub, and the hub's own. */
function hubChecksOf(module: LayerModule) {
  return allChecks([module]).filter((c) => c.layer === HUB_MODULE_NAME || HUB_COMMON_SUITES.has(c.suite));
}

/**
 * The hub module over a layer's module, for planning only (npm run
 * spec:coverage): it connects nowhere until a check runs.
 */
export function hubModuleOutline(inner: LayerModule): LayerModule {
  return hubLayerModule(inner, { connect: () => { throw new Error("hubModuleOutline: an outline runs no check"); } });
}

/**
 * A hub check's deadline unless the run names one, ms: each call a check makes
 * behind the hub waits for its record or graph change to reach the hub (up to
 * RELAY_WAIT_MS), and a check that makes a dozen calls on a busy host passes
 * the 10 s a layer endpoint's checks get.
 */
export const HUB_CHECK_TIMEOUT_MS = 30_000;

/** What a hub run needs besides the hub's own config: the layer endpoint behind the hub the suite drives traffic on. */
export interface HubRunInput {
  /** The layer endpoint behind the hub, with the suite's three identities on it; `layer` picks its module (default: the first it declares that the suite has). */
  readonly behind: ConformanceConfigInput;
  /** The layer modules to choose from (default the registered ones). */
  readonly modules?: readonly LayerModule[];
  /**
   * A relay the hub was configured to reach the endpoint behind it by
   * (createStreamRelay), which the checks of disturbances cut and restore;
   * without one they are skipped.
   */
  readonly relay?: StreamRelay;
}

/** The module of the layer the suite drives behind the hub. */
async function layerBehind(behind: ConformanceConfigInput, modules: readonly LayerModule[]): Promise<LayerModule> {
  if (behind.layer !== undefined) {
    const named = modules.find((m) => m.name === behind.layer);
    if (!named) throw new Error(`the hub run's endpoint behind the hub names layer "${behind.layer}", which no module has`);
    return named;
  }
  const config = resolveConfig(behind, modules.map((m) => m.name));
  const client = connectWith(config, "operator", []);
  try {
    const { layers } = await client.identity.getInfo({});
    const module = modules.find((m) => layers.includes(m.layer));
    if (!module) throw new Error(`the endpoint behind the hub (${config.target}) declares no layer the suite has a module of`);
    return module;
  } finally {
    client.close();
  }
}

/**
 * Runs the common suites that apply to a hub and the hub's own checks
 * (docs/hub.md) against a hub, driving traffic on one layer endpoint behind
 * it; the report files every check run through the hub module under the
 * layer "hub".
 *
 * @example
 * const report = await runHubConformance({ target: hubAddress, credentials }, { behind: { target: storageAddress, credentials } });
 */
export async function runHubConformance(input: ConformanceConfigInput, run: HubRunInput, options: RunOptions = {}): Promise<ConformanceReport> {
  const modules = run.modules ?? layerModules();
  const inner = await layerBehind(run.behind, modules);
  const behindConfig = resolveConfig({ ...run.behind, layer: inner.name }, modules.map((m) => m.name));
  const module = hubLayerModule(inner, {
    connect: (caller, connectOptions) => connectWith(behindConfig, caller, [inner], connectOptions),
    parameters: behindConfig.layerParameters[inner.name] ?? {},
    ...(run.relay ? { relay: run.relay } : {}),
  });
  const checks = hubChecksOf(module);
  try {
    // The layer's parameters are the driver's, behind the hub; the hub module takes none of its own.
    const { layerParameters: _, ...hubInput } = input;
    return await runConformance({ ...hubInput, timeoutMs: input.timeoutMs ?? HUB_CHECK_TIMEOUT_MS, layer: HUB_MODULE_NAME }, { ...options, modules: [module], checks });
  } finally {
    module.close();
  }
}
