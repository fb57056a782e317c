import { connect } from "@strata/sdk/client";
import { createHubServer, REFERENCE_VENDORS, type HubServer } from "@strata/reference-impls";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEVELOPMENT_CREDENTIALS, startReferenceVendor } from "../fixtures/start-reference-vendor.js";
import { LAYER_MODULES } from "../layers/index.js";
import type { StartedEndpoint } from "../registry/layer-fixtures.js";
import { runHubConformance } from "./run-hub-conformance.js";

const SAMPLE_INTERVAL_MS = 250;

describe("runHubConformance()", () => {
  // The first reference vendor behind a reference hub.
  const vendor = REFERENCE_VENDORS[0]!;
  let backing: StartedEndpoint;
  let hub: HubServer;
  let target: string;

  beforeAll(async () => {
    backing = await startReferenceVendor(vendor, { sampleIntervalMs: SAMPLE_INTERVAL_MS });
    hub = createHubServer({
      endpoints: [{ target: backing.config.target, auth: DEVELOPMENT_CREDENTIALS.operator }],
      auth: { insecureDevelopmentMode: true }, sampleIntervalMs: SAMPLE_INTERVAL_MS, stitching: { settleMs: 200 },
      // A short history of the merged graph, so that the history checks reach past it within the run.
      topologyRetainedChanges: 100, retainedItems: 1000,
    });
    target = await hub.listen("127.0.0.1:0");
    const probe = connect(target, { auth: { none: true } });
    for (let i = 0; i < 200 && !(await probe.identity.probe({})).ready; i++) await sleep(25);
    probe.close();
  }, 20_000);

  afterAll(async () => {
    await hub?.shutdown(200);
    await backing?.stop();
  });

  it("should run the common suites that apply to a hub and the hub's own checks against the reference hub, and pass", async () => {
    const report = await runHubConformance({ target, credentials: DEVELOPMENT_CREDENTIALS, timeoutMs: 8000 },
      { behind: backing.config, modules: LAYER_MODULES });
    expect(report.setupError).toBeUndefined();
    expect(report.layers).toEqual(["hub"]);
    for (const r of report.results) console.log(r.status, r.suite, r.title.slice(0, 90), r.message ?? "");
    expect(report.results.filter((r) => r.status === "fail").map((r) => `${r.title}: ${r.message}`)).toEqual([]);
  }, 240_000);
});
