import { resolveConfig, type ConformanceConfigInput } from "../config.js";
import type { LayerModule } from "../registry/layer-module.js";
import { layerModules } from "../registry/layer-registry.js";
import { planChecks, type PlannedCheck } from "../registry/plan-checks.js";
import type { ConformanceReport } from "../runner/conformance-report.js";
import { runConformance, type RunOptions } from "../runner/run-conformance.js";
import { hubModuleOver } from "./hub-module-over.js";
import { MANAGEMENT_MODULE_NAME } from "./management-checks.js";
import { managementModule } from "./management-module.js";
import { MANAGEMENT_CHECKS } from "./management-suite.js";

/**
 * A management check's deadline unless the run names one, ms: the checks
 * wait for the suite's traffic to reach the hub and then the tool's ledger,
 * and for a chargeback period to close (the whole period and its grace must
 * fit in it, else the check is skipped with that reason).
 */
export const MANAGEMENT_CHECK_TIMEOUT_MS = 30_000;

/** What a management run needs besides the management endpoint's own config: the hub it reads and the layer endpoint behind the hub. */
export interface ManagementRunInput {
  /** The hub the management endpoint reads, with the suite's three identities on it. */
  readonly hub: ConformanceConfigInput;
  /** The layer endpoint behind the hub the suite makes traffic on (as for runHubConformance); `layer` picks its module. */
  readonly behind: ConformanceConfigInput;
  /**
   * Restarts the management endpoint at the same address, keeping what it
   * keeps across a restart (its ledger); resolves once it answers again.
   * Without it, the checks of what survives a restart judge only the run
   * without one, and say so.
   */
  readonly restart?: () => Promise<void>;
  /** The layer modules to choose from (default the registered ones). */
  readonly modules?: readonly LayerModule[];
}

/**
 * The checks a management run plans, for the map of requirements to checks
 * (npm run spec:coverage): it connects nowhere.
 */
export function planManagementChecks(): PlannedCheck[] {
  const outline = { name: MANAGEMENT_MODULE_NAME, checks: MANAGEMENT_CHECKS, commonCovers: {} } as unknown as LayerModule;
  return planChecks(MANAGEMENT_CHECKS, [outline]);
}

/**
 * Runs the management checks (docs/management.md, docs/assurance.md)
 * against a management endpoint that reads `run.hub`, making the traffic
 * the checks need counted on the layer endpoint behind the hub; reports file
 * every check under the layer "management".
 *
 * @example
 * const report = await runManagementConformance({ target: manageAddress, credentials }, { hub: { target: hubAddress, credentials }, behind: { target: storageAddress, credentials } });
 */
export async function runManagementConformance(input: ConformanceConfigInput, run: ManagementRunInput, options: RunOptions = {}): Promise<ConformanceReport> {
  const modules = run.modules ?? layerModules();
  const hubModule = await hubModuleOver(run.behind, modules);
  const hubConfig = resolveConfig({ ...run.hub, layer: hubModule.name, timeoutMs: run.hub.timeoutMs ?? input.timeoutMs ?? MANAGEMENT_CHECK_TIMEOUT_MS },
    [...modules.map((m) => m.name), hubModule.name]);
  const module = managementModule({ config: hubConfig, module: hubModule }, run.restart);
  try {
    const { layerParameters: _, ...managementInput } = input;
    return await runConformance({ ...managementInput, timeoutMs: input.timeoutMs ?? MANAGEMENT_CHECK_TIMEOUT_MS, layer: MANAGEMENT_MODULE_NAME },
      { ...options, modules: [module], checks: MANAGEMENT_CHECKS });
  } finally {
    module.close();
  }
}
