import { REFERENCE_VENDORS } from "@strata/reference-impls";
import { connect } from "@strata/sdk/client";
import { COMPUTE_SERVICES, compute } from "@strata/sdk/compute";
import { STORAGE_SERVICES, storage } from "@strata/sdk/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEVELOPMENT_CREDENTIALS, startReferenceVendor } from "../fixtures/start-reference-vendor.js";
import { LAYER_MODULES } from "../layers/index.js";
import type { StartedEndpoint } from "../registry/layer-fixtures.js";
import type { ConformanceReport } from "../runner/conformance-report.js";
import { HUB_DEFECTS } from "./fixtures/hub-defects.js";
import { HUB_SAMPLE_INTERVAL_MS, startHub } from "./fixtures/start-hub.js";
import { createStreamRelay } from "./stream-relay.js";
import { HUB_CHECKS } from "./hub-suite.js";
import { runHubConformance } from "./run-hub-conformance.js";

// A hub check exists only once a faulty hub proves it can fail: each defect is planted, one at a
// time, in an otherwise clean reference hub over one reference vendor.
describe("the faulty hubs", () => {
  let backing: StartedEndpoint;
  /** A compute endpoint beside the backing storage one, one of whose instances attaches one of its volumes. */
  let joinedCompute: StartedEndpoint | undefined;

  beforeAll(async () => {
    backing = await startReferenceVendor(REFERENCE_VENDORS[0]!, { sampleIntervalMs: HUB_SAMPLE_INTERVAL_MS });
  }, 20_000);

  afterAll(async () => {
    await joinedCompute?.stop();
    await backing?.stop();
  });

  /** The compute endpoint whose attachment names a volume of the backing one (docs/hub.md, "Joins"), started once. */
  async function joined(): Promise<StartedEndpoint> {
    if (joinedCompute) return joinedCompute;
    const vendor = REFERENCE_VENDORS.find((v) => v.layer === "compute")!;
    joinedCompute = await startReferenceVendor(vendor, { sampleIntervalMs: HUB_SAMPLE_INTERVAL_MS });
    const storing = connect(backing.config.target, { services: STORAGE_SERVICES, auth: DEVELOPMENT_CREDENTIALS.tenantA });
    const computing = connect(joinedCompute.config.target, { services: COMPUTE_SERVICES, auth: DEVELOPMENT_CREDENTIALS.tenantA });
    try {
      const workload = { tenantId: "", applicationId: "joined", component: "" };
      const { volume } = await storing.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({ name: "joined-volume", workload, capacityBytes: 1n << 20n }));
      const { instance } = await computing.instances.createInstance(compute.CreateInstanceRequest.fromPartial({ name: "joined-instance", workload, vcpuCount: 1, memoryBytes: 64n << 20n }));
      await computing.attachments.attach({ instanceId: instance!.instanceId, kind: compute.AttachmentKind.ATTACHMENT_KIND_STORAGE_VOLUME, targetId: volume!.volumeId });
    } finally {
      storing.close();
      computing.close();
    }
    return joinedCompute;
  }

  /** Runs the checks titled like `focus` against a hub with `interceptors` over the vendor (and the joined compute endpoint), then stops the hub. */
  async function run(focus: string[], interceptors: HubDefect["interceptors"] = [], overJoined = false): Promise<ConformanceReport> {
    // The hub reaches the vendor through a relay the checks of disturbances may cut.
    const relay = await createStreamRelay(backing.config.target);
    const relayed = { ...backing, config: { ...backing.config, target: relay.address } };
    const { hub, target } = await startHub(overJoined ? [relayed, await joined()] : [relayed], interceptors);
    try {
      return await runHubConformance({ target, credentials: DEVELOPMENT_CREDENTIALS, timeoutMs: 20_000, focus }, { behind: backing.config, modules: LAYER_MODULES, relay });
    } finally {
      await hub.shutdown(200);
      await relay.close();
    }
  }

  const resultOf = (report: ConformanceReport, fragment: string) => {
    const matches = report.results.filter((r) => r.title.includes(fragment));
    expect(matches.map((r) => r.title), `one result titled like "${fragment}"`).toHaveLength(1);
    return matches[0]!;
  };

  it("should prove every hub check with a defect", () => {
    const unproven = HUB_CHECKS.filter((c) => !HUB_DEFECTS.some((d) => c.title.includes(d.check))).map((c) => c.title);
    expect(unproven).toEqual([]);
  });

  it("should pass the clean hub on every check a defect is proven with", async () => {
    const report = await run(HUB_DEFECTS.map((d) => d.check));
    expect(HUB_DEFECTS.map((d) => [d.check, resultOf(report, d.check).status, resultOf(report, d.check).message]))
      .toEqual(HUB_DEFECTS.map((d) => [d.check, "pass", undefined]));
  }, 120_000);

  it("should pass the clean hub over two joined layers on every check a defect over them is proven with", async () => {
    const checks = [...new Set(HUB_DEFECTS.filter((d) => d.joined).map((d) => d.check))];
    const report = await run(checks, [], true);
    expect(checks.map((c) => [c, resultOf(report, c).status, resultOf(report, c).message])).toEqual(checks.map((c) => [c, "pass", undefined]));
  }, 60_000);

  it.each(HUB_DEFECTS.map((d) => [d.name, d] as const))("should fail the %s hub on its check, naming the defect", async (_, defect) => {
    const result = resultOf(await run([defect.check], defect.interceptors, defect.joined), defect.check);
    expect(result.status).toBe("fail");
    expect(result.message).toContain(defect.message);
    expect(result.cleanupErrors).toEqual([]);
  }, 30_000);
});

type HubDefect = (typeof HUB_DEFECTS)[number];
