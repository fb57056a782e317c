import { core } from "@strata/sdk/contracts";
import { describe, expect, it } from "vitest";
import { HEALTHY, type FixtureBehaviour } from "../fixtures/fixture-endpoint.js";
import { runAgainstFixture } from "../fixtures/run-against-fixture.js";
import { FIXTURE_LAYER } from "../fixtures/fixture-module.js";

const LAYER = core.layerToJSON(FIXTURE_LAYER);

const info = (patch: Partial<core.GetInfoResponse>) => ({ info: { ...HEALTHY.info, ...patch } });
const limits = (patch: Partial<core.Limits>) => ({ capabilities: { ...HEALTHY.capabilities, limits: { ...HEALTHY.capabilities.limits!, ...patch } } });
const features = (...list: core.Feature[]) => ({ capabilities: { ...HEALTHY.capabilities, capabilities: list.map((feature) => ({ feature })) } });

describe("common/identity", () => {
  it("should pass an endpoint that conforms", async () => {
    const report = await runAgainstFixture({}, ["identity"]);
    expect(report.results.map((r) => [r.title, r.status, r.message])).toEqual(report.results.map((r) => [r.title, "pass", undefined]));
    expect(report.results).toHaveLength(8);
  });

  it.each<[string, Partial<FixtureBehaviour>, string]>([
    ["GetInfo names", info({ vendor: "", version: " " }), "GetInfo leaves vendor, version empty; the standard requires vendor, product and version to be non-empty"],
    ["spec_version", info({ specVersion: "v1" }), 'GetInfo.spec_version is "v1"; the standard requires MAJOR.MINOR.PATCH, for example "0.1.0"'],
    ["GetInfo.layers", info({ layers: [] }), "GetInfo.layers is empty; the standard requires at least one layer"],
    ["GetInfo.layers", info({ layers: [FIXTURE_LAYER, core.Layer.LAYER_UNSPECIFIED] }), `GetInfo.layers is [${LAYER}, LAYER_UNSPECIFIED]; the standard forbids LAYER_UNSPECIFIED`],
    ["GetInfo.layers", info({ layers: [FIXTURE_LAYER, FIXTURE_LAYER] }), `GetInfo.layers is [${LAYER}, ${LAYER}]: ${LAYER} more than once; the standard forbids duplicates`],
    ["each feature once", features(core.Feature.FEATURE_TOPOLOGY_HISTORY, core.Feature.FEATURE_TOPOLOGY_HISTORY), "GetCapabilities declares FEATURE_TOPOLOGY_HISTORY more than once; the standard forbids duplicates"],
    ["each feature once", features(core.Feature.FEATURE_UNSPECIFIED), "GetCapabilities declares FEATURE_UNSPECIFIED; the standard forbids it"],
    ["limits", { capabilities: { ...HEALTHY.capabilities, limits: undefined } }, "GetCapabilities.limits is missing; the standard requires it"],
    ["limits", limits({ maxPageSize: 0, maxIoBytes: 512n }), "GetCapabilities.limits: max_page_size is 0 (at least 1); max_io_bytes is 512 (at least 4096); the suite needs limits it can use"],
    ["limits", limits({ sampleIntervalNs: 0n, telemetryRetainedItems: 0n }), "GetCapabilities.limits: sample_interval_ns is 0 (more than 0); telemetry_retained_items is 0 (more than 0)"],
    ["Probe", { probe: { ready: false, reason: "recovering journal" } }, 'Probe answered ready = false ("recovering journal"); the endpoint must be ready to be tested'],
    ["without credentials", { identityRequiresCredentials: true }, 'IdentityService.GetInfo without credentials: expected OK, got UNAUTHENTICATED "no credentials" (ERROR_REASON_UNAUTHENTICATED)'],
  ])("should fail the %s check, naming the defect", async (fragment, defect, message) => {
    const report = await runAgainstFixture(defect, ["identity"]);
    const failed = report.results.filter((r) => r.status === "fail");
    expect(failed.map((r) => r.title)).toEqual([expect.stringContaining(fragment)]);
    expect(failed[0]!.message).toContain(message);
  });

  it("should fail an endpoint that does not declare the layer the run checks", async () => {
    const report = await runAgainstFixture(info({ layers: [core.Layer.LAYER_COMPUTE] }), ["identity"], { layer: "fixture" });
    const failed = report.results.filter((r) => r.status === "fail");
    expect(failed.map((r) => r.message)).toEqual([`GetInfo.layers is [LAYER_COMPUTE]; the suite tests ${LAYER}, which the endpoint must declare`]);
  });
});
