import { resolveConfig, type ConformanceConfigInput } from "../config.js";
import { groupBySuite } from "../helpers/group-by-suite.js";
import { defaultRegistry, type ConformanceCheck } from "../registry/check-registry.js";
import { selectChecks } from "../registry/select-checks.js";
import type { CheckResult } from "../runner/conformance-report.js";
import { openSession, type ConformanceSession } from "../runner/open-session.js";
import "../common/index.js";
import "../layers/index.js";

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
 * Skipped checks are skipped tests; failed checks throw their message.
 *
 * @example
 * import { describe, it, beforeAll, afterAll } from "vitest";
 * defineConformanceSuite({ target: address, layer: "storage", credentials }, { describe, it, beforeAll, afterAll });
 */
export function defineConformanceSuite(
  input: ConformanceConfigInput,
  api: TestApi,
  options: { checks?: readonly ConformanceCheck[] } = {},
): void {
  const config = resolveConfig(input);
  const { selected } = selectChecks(options.checks ?? defaultRegistry.checks, config);
  const suites = groupBySuite(selected);
  let session: ConformanceSession | undefined;
  api.describe(`Strata conformance (${config.layer})`, () => {
    api.beforeAll(async () => { session = await openSession(config); }, config.timeoutMs * 2);
    api.afterAll(() => session?.close());
    for (const [suite, checks] of suites) {
      api.describe(suite, () => {
        for (const check of checks) {
          api.it(check.title, async (context) => {
            const result = await session!.run(check);
            if (result.status === "skip") context.skip(result.message);
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
