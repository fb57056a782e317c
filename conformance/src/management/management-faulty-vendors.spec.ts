import { REFERENCE_VENDORS, type HubServer } from "@strata/reference-impls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEVELOPMENT_CREDENTIALS, startReferenceVendor } from "../fixtures/start-reference-vendor.js";
import { startHub, HUB_SAMPLE_INTERVAL_MS } from "../hub/fixtures/start-hub.js";
import { LAYER_MODULES } from "../layers/index.js";
import { runCli } from "../cli/run-cli.js";
import type { StartedEndpoint } from "../registry/layer-fixtures.js";
import type { ConformanceReport } from "../runner/conformance-report.js";
import { MANAGEMENT_DEFECTS } from "./fixtures/management-defects.js";
import { startManagement, type StartedManagement } from "./fixtures/start-management.js";
import { MANAGEMENT_CHECKS } from "./management-suite.js";
import { runManagementConformance } from "./run-management-conformance.js";

// A management check exists only once a faulty management endpoint proves it can fail: one reference
// vendor, a hub over it and one reference management endpoint are shared by every case, and each defect
// is switched on, one at a time, in that endpoint.
describe("the faulty management endpoints", () => {
  let backing: StartedEndpoint;
  let hub: HubServer;
  let hubTarget: string;
  let manage: StartedManagement;

  beforeAll(async () => {
    backing = await startReferenceVendor(REFERENCE_VENDORS[0]!, { sampleIntervalMs: HUB_SAMPLE_INTERVAL_MS });
    ({ hub, target: hubTarget } = await startHub([backing]));
    manage = await startManagement(hubTarget);
  }, 60_000);

  afterAll(async () => {
    await manage?.stop();
    await hub?.shutdown(200);
    await backing?.stop();
  });

  /** Runs the checks titled like `focus` against the management endpoint, restarting it where a check asks to when `restart`. */
  const run = (focus: string[], restart = false): Promise<ConformanceReport> => runManagementConformance(
    { target: manage.target, credentials: DEVELOPMENT_CREDENTIALS, timeoutMs: 20_000, focus },
    { hub: { target: hubTarget, credentials: DEVELOPMENT_CREDENTIALS }, behind: backing.config, modules: LAYER_MODULES, ...(restart ? { restart: () => manage.restart() } : {}) },
  );

  const resultOf = (report: ConformanceReport, fragment: string) => {
    const matches = report.results.filter((r) => r.title.includes(fragment));
    expect(matches.map((r) => r.title), `one result titled like "${fragment}"`).toHaveLength(1);
    return matches[0]!;
  };

  it("should prove every management check with a defect", () => {
    const unproven = MANAGEMENT_CHECKS.filter((c) => !MANAGEMENT_DEFECTS.some((d) => c.title.includes(d.check))).map((c) => c.title);
    expect(unproven).toEqual([]);
  });

  it("should pass the clean endpoint on every check, the chargeback counted once across a restart", async () => {
    const report = await run([], true);
    expect(report.results.map((r) => [r.title, r.status, r.message])).toEqual(MANAGEMENT_CHECKS.map((c) => [c.title, "pass", undefined]));
  }, 120_000);

  it("should run from the command line against --management, reading the hub --target, with traffic made on --behind", async () => {
    let stdout = "";
    const code = await runCli(["run", "--target", hubTarget, "--behind", backing.config.target, "--management", manage.target,
      "--insecure-tenants", "tenant-a,tenant-b,ops", "--focus", "MGMT-CAP-1"], { stdout: { write: (text: string) => { stdout += text; return true; } }, stderr: { write: () => true } });
    expect([code, stdout.trimEnd().split("\n").at(-1)]).toEqual([0, "1 passed, 0 failed, 0 skipped"]);
  }, 30_000);

  it.each(MANAGEMENT_DEFECTS.map((d) => [d.name, d] as const))("should fail the %s endpoint on its check, naming the defect", async (_, defect) => {
    manage.defects.add(defect.name);
    try {
      const result = resultOf(await run([defect.check], defect.onRestart), defect.check);
      expect(result.status).toBe("fail");
      if (typeof defect.message === "string") expect(result.message).toContain(defect.message);
      else expect(result.message).toMatch(defect.message);
      expect(result.cleanupErrors).toEqual([]);
    } finally {
      manage.defects.delete(defect.name);
      await manage.heal();
    }
  }, 60_000);
});
