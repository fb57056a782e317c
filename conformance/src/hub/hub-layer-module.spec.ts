import { REFERENCE_VENDORS, type HubServer } from "@strata/reference-impls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEVELOPMENT_CREDENTIALS, startReferenceVendor } from "../fixtures/start-reference-vendor.js";
import { LAYER_MODULES } from "../layers/index.js";
import type { StartedEndpoint } from "../registry/layer-fixtures.js";
import { HUB_SAMPLE_INTERVAL_MS, startHub } from "./fixtures/start-hub.js";
import { runHubConformance } from "./run-hub-conformance.js";
import { createStreamRelay, type StreamRelay } from "./stream-relay.js";

// .ci/run sets STRATA_WHOLE_SUITE_PROVEN once the main job and CI's runs of the built CLI against the built hub
// have passed the hub's whole suite: a third run proves nothing new. Alone, `npm test` runs it.
const proven = process.env.STRATA_WHOLE_SUITE_PROVEN;

describe.skipIf(Boolean(proven))("runHubConformance()", () => {
  // The first reference vendor behind a reference hub.
  const vendor = REFERENCE_VENDORS[0]!;
  let backing: StartedEndpoint;
  let hub: HubServer;
  let target: string;
  let relay: StreamRelay;

  beforeAll(async () => {
    backing = await startReferenceVendor(vendor, { sampleIntervalMs: HUB_SAMPLE_INTERVAL_MS });
    // Through a relay the checks of disturbances may cut.
    relay = await createStreamRelay(backing.config.target);
    ({ hub, target } = await startHub([{ ...backing, config: { ...backing.config, target: relay.address } }]));
  }, 20_000);

  afterAll(async () => {
    await hub?.shutdown(200);
    await relay?.close();
    await backing?.stop();
  });

  it("should run the common suites that apply to a hub and the hub's own checks against the reference hub, and pass", async () => {
    const report = await runHubConformance({ target, credentials: DEVELOPMENT_CREDENTIALS, timeoutMs: 20_000 },
      { behind: backing.config, modules: LAYER_MODULES, relay });
    expect(report.setupError).toBeUndefined();
    expect(report.layers).toEqual(["hub"]);
    expect(report.results.filter((r) => r.status === "fail").map((r) => `${r.title}: ${r.message}`)).toEqual([]);
    const hubChecks = report.results.filter((r) => r.layer === "hub" && r.suite.startsWith("hub/"));
    expect(hubChecks.map((r) => r.status)).toEqual(hubChecks.map(() => "pass"));
    expect(hubChecks.length).toBeGreaterThanOrEqual(9);
    // The common suites ran for the hub too: the stream, pagination of the hub's lists, tenancy and history.
    const suites = new Set(report.results.filter((r) => r.status === "pass").map((r) => r.suite));
    for (const suite of ["common/telemetry-stream", "common/telemetry-records", "common/pagination", "common/tenancy", "common/topology-history"]) expect(suites).toContain(suite);
  }, 240_000);
});
