import { connect } from "@strata/sdk/client";
import { createHubServer, REFERENCE_VENDORS, type HubServer } from "@strata/reference-impls";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../config.js";
import { DEVELOPMENT_CREDENTIALS, startReferenceVendor } from "../fixtures/start-reference-vendor.js";
import "../common/index.js";
import { LAYER_MODULES } from "../layers/index.js";
import { defaultRegistry } from "../registry/check-registry.js";
import type { StartedEndpoint } from "../registry/layer-fixtures.js";
import { connectWith } from "../runner/open-session.js";
import { runConformance } from "../runner/run-conformance.js";
import { hubLayerModule } from "./hub-layer-module.js";

/** The common suites of stream semantics: sequences, initial state, heartbeats, MODE_ONCE, resume and gaps (not the slow-subscriber flood). */
const STREAM_SUITES = new Set(["common/telemetry-stream", "common/telemetry-gaps"]);
const SAMPLE_INTERVAL_MS = 250;

describe("hubLayerModule()", () => {
  // The first reference vendor behind a reference hub: the stream checks read the hub's merged stream.
  const vendor = REFERENCE_VENDORS[0]!;
  const inner = LAYER_MODULES.find((m) => m.name === vendor.layer)!;
  let backing: StartedEndpoint;
  let hub: HubServer;
  let target: string;

  beforeAll(async () => {
    backing = await startReferenceVendor(vendor, { sampleIntervalMs: SAMPLE_INTERVAL_MS });
    hub = createHubServer({
      endpoints: [{ target: backing.config.target, auth: DEVELOPMENT_CREDENTIALS.operator }],
      auth: { insecureDevelopmentMode: true }, sampleIntervalMs: SAMPLE_INTERVAL_MS, stitching: { settleMs: 200 },
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

  it("should let the common stream checks run against the hub, traffic driven on the endpoint behind it, and pass", async () => {
    const backingConfig = resolveConfig(backing.config);
    const module = hubLayerModule(inner, { connect: (caller, options) => connectWith(backingConfig, caller, [inner], options) });
    const checks = defaultRegistry.checks.filter((c) => STREAM_SUITES.has(c.suite ?? "") && !c.tags.includes("slow"));
    const report = await runConformance({ target, credentials: DEVELOPMENT_CREDENTIALS, timeoutMs: 5000, layer: inner.name }, { modules: [module], checks })
      .finally(() => (module as { close?(): void }).close?.());
    expect(report.setupError).toBeUndefined();
    const ran = report.results.filter((r) => r.status !== "skip");
    expect(ran.length).toBeGreaterThanOrEqual(6);
    expect(report.results.filter((r) => r.status === "fail").map((r) => `${r.title}: ${r.message}`)).toEqual([]);
  }, 60_000);
});
