import { core } from "@strata/sdk/contracts";
import { resolveConfig, type ConformanceConfigInput } from "../config.js";
import { groupBySuite } from "../helpers/group-by-suite.js";
import type { ConformanceCheck } from "../registry/check-registry.js";
import type { LayerModule } from "../registry/layer-module.js";
import { layerModules } from "../registry/layer-registry.js";
import { planChecks } from "../registry/plan-checks.js";
import { selectChecks } from "../registry/select-checks.js";
import { qualifiedSuite, type CheckResult } from "../runner/conformance-report.js";
import { openSession, type ConformanceSession } from "../runner/open-session.js";
import { allChecks } from "../runner/run-conformance.js";

/** The parts of a test framework the suite registers into (vitest's, or any with the same shape). */
export interface TestApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: (context: { skip(note?: string): void }) => Promise<void>, timeoutMs?: number): unknown;
  beforeAll(body: () => Promise<void>, timeoutMs?: number): unknown;
  afterAll(body: () => void): unknown;
}

/**
 * Registers every selected check as a test of the caller's own run, grouped
 * by suite, so a vendor runs the conformance suite inside its tests.
 * Skipped checks are skipped tests, warnings skipped tests whose note starts
 * "WARNING:"; failed checks throw their message. Tests
 * are registered before the endpoint is reached, so without config.layer
 * every module's checks are registered, and those of a layer the endpoint
 * does not declare skip.
 *
 * @example
 * import { describe, it, beforeAll, afterAll } from "vitest";
 * defineConformanceSuite({ target: address, credentials }, { describe, it, beforeAll, afterAll });
 */
export function defineConformanceSuite(
  input: ConformanceConfigInput,
  api: TestApi,
  options: { checks?: readonly ConformanceCheck[]; modules?: readonly LayerModule[] } = {},
): void {
  const modules = options.modules ?? layerModules();
  const config = resolveConfig(input, modules.map((m) => m.name));
  const candidates = config.layer === undefined ? modules : modules.filter((m) => m.name === config.layer);
  const { selected } = selectChecks(planChecks(options.checks ?? allChecks(modules), candidates), config);
  const suites = groupBySuite(selected.map((check) => ({ check, suite: qualifiedSuite(check) })));
  let session: ConformanceSession | undefined;
  api.describe(`Strata conformance (${config.layer ?? "every declared layer"})`, () => {
    api.beforeAll(async () => { session = await openSession(config, modules); }, config.timeoutMs * 2);
    api.afterAll(() => session?.close());
    for (const [suite, entries] of suites) {
      api.describe(suite, () => {
        for (const { check } of entries) {
          api.it(check.title, async (context) => {
            if (check.module && !session!.modules.includes(check.module)) {
              return context.skip(`endpoint does not declare ${core.layerToJSON(check.module.layer)}`);
            }
            const result = await session!.run(check);
            if (result.status === "skip") context.skip(result.message);
            if (result.status === "warn") context.skip(`WARNING: ${result.message}`);
            if (result.status === "fail") throw new Error(failureText(result));
          }, (check.timeoutMs ?? config.timeoutMs) + config.timeoutMs + 1000);
        }
      });
    }
  });
}

function failureText(result: CheckResult): string {
  return [result.message ?? "failed", ...result.cleanupErrors.map((e) => `cleanup: ${e}`), ...result.logs.map((l) => `log: ${l}`)].join("\n");
}
