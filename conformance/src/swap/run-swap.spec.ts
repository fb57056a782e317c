import { topology } from "@strata/sdk/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { startFixtureEndpoint, type FixtureBehaviour, type FixtureEndpoint } from "../fixtures/fixture-endpoint.js";
import { fixtureModule } from "../fixtures/fixture-module.js";
import { FIXTURE_TELEMETRY, FIXTURE_TOPOLOGY } from "../fixtures/fixture-shapes.js";
import { formatSwapReport } from "./format-swap-report.js";
import { runSwap } from "./run-swap.js";
import { commonSwapSteps } from "./scenarios/common-swap-steps.js";

const started: FixtureEndpoint[] = [];
afterEach(async () => { await Promise.all(started.splice(0).map((e) => e.close())); });

async function endpoint(overrides: Partial<FixtureBehaviour> = {}) {
  const fixture = await startFixtureEndpoint({ telemetry: FIXTURE_TELEMETRY, topology: FIXTURE_TOPOLOGY, ...overrides });
  started.push(fixture);
  return fixture;
}

describe("runSwap()", () => {
  it("should pass two endpoints that look the same to a tool", async () => {
    const [a, b] = [await endpoint(), await endpoint()];
    const report = await runSwap(a.config, b.config, { modules: [fixtureModule] });
    expect(report.a.errors).toEqual([]);
    expect(report).toMatchObject({ passed: true, differences: 0, layers: ["fixture"] });
    expect(report.rows.map((r) => `${r.aspect} ${r.subject} = ${r.a}`)).toEqual([
      "metric strata.fixture.ops = counter unit=1 attributes=[operation] attributed=[tenant_id,application_id,resource_id]",
      "node pool = layer=LAYER_DEVICE attributed=[]",
      "node volume = layer=LAYER_DEVICE attributed=[tenant_id,application_id]",
      "record LAYER_DEVICE Write = attributes=[] attributed=[tenant_id,application_id,resource_id]",
      "relation volume RELATION_PLACED_ON pool = present",
      "status IdentityService.GetInfo without credentials = OK",
      "status IdentityService.Probe = OK",
      "status TelemetryService.Subscribe (MODE_ONCE) as tenant A naming tenant B = PERMISSION_DENIED",
      "status TelemetryService.Subscribe with MODE_UNSPECIFIED = INVALID_ARGUMENT",
      "status TopologyService.GetTopology as operator = OK",
      "status TopologyService.GetTopology as tenant A naming tenant B = PERMISSION_DENIED",
      // The common steps, then the fixture layer's, whose "layer RPC" is GetTopology too.
      "status TopologyService.GetTopology without credentials = UNAUTHENTICATED",
      "value GetInfo.layers = LAYER_DEVICE",
    ]);
  });

  it("should fail on every difference a tool would notice, side by side", async () => {
    const a = await endpoint();
    const b = await endpoint({
      telemetry: { ...FIXTURE_TELEMETRY, samples: [{ ...FIXTURE_TELEMETRY.samples[0]!, unit: "{op}" }] },
      topology: { ...FIXTURE_TOPOLOGY, nodes: [FIXTURE_TOPOLOGY.nodes[0]!, { ...FIXTURE_TOPOLOGY.nodes[1]!, kind: "lun" }] },
      topologyIgnoresTenant: true,
    });
    const report = await runSwap(a.config, b.config, { scenario: commonSwapSteps });
    expect(report.passed).toBe(false);
    expect(report.rows.filter((r) => !r.same)).toEqual([
      { aspect: "metric", subject: "strata.fixture.ops", same: false,
        a: "counter unit=1 attributes=[operation] attributed=[tenant_id,application_id,resource_id]",
        b: "counter unit={op} attributes=[operation] attributed=[tenant_id,application_id,resource_id]" },
      { aspect: "node", subject: "lun", same: false, a: undefined, b: "layer=LAYER_DEVICE attributed=[tenant_id,application_id]" },
      { aspect: "node", subject: "volume", same: false, a: "layer=LAYER_DEVICE attributed=[tenant_id,application_id]", b: undefined },
      { aspect: "relation", subject: "lun RELATION_PLACED_ON pool", same: false, a: undefined, b: "present" },
      { aspect: "relation", subject: "volume RELATION_PLACED_ON pool", same: false, a: "present", b: undefined },
      { aspect: "status", subject: "TopologyService.GetTopology as tenant A naming tenant B", same: false, a: "PERMISSION_DENIED", b: "OK" },
    ]);
    const text = formatSwapReport(report);
    expect(text).toMatch(/^Swap proof \(common services only\): A = 127\.0\.0\.1:\d+ \(Strata fixtures fixture 0\.0\.1\), B = 127\.0\.0\.1:\d+/);
    expect(text).toMatch(/\n✗ +status +TopologyService\.GetTopology as tenant A naming tenant B +PERMISSION_DENIED +OK\n/);
    expect(text).toMatch(/\n✗ +node +lun +\(absent\) +layer=LAYER_DEVICE/);
    expect(text).toMatch(/\n✓ +status +IdentityService\.Probe +OK +OK\n/);
    expect(text.trimEnd().split("\n").at(-1)).toBe("swap proof FAILED: 6 of 15 aspects differ");
  });

  it("should run a given scenario and record its status codes and values", async () => {
    const [a, b] = [await endpoint(), await endpoint({ anonymousAccess: true })];
    const report = await runSwap(a.config, b.config, {
      settleMs: 0,
      scenario: [async function anonymousTopology(s) {
        const graph = await s.call("GetTopology without credentials", s.connect("anonymous").topology.getTopology(topology.GetTopologyRequest.fromPartial({})));
        s.record("anonymous topology revision", String(graph?.revision ?? "none"));
      }],
    });
    expect(report.rows.filter((r) => !r.same).map((r) => [r.aspect, r.subject, r.a, r.b])).toEqual([
      ["status", "GetTopology without credentials", "UNAUTHENTICATED", "OK"],
      ["value", "anonymous topology revision", "none", "2"],
    ]);
  });

  it("should report a step that throws, and an endpoint that cannot be reached, as errors", async () => {
    const a = await endpoint();
    const report = await runSwap(a.config, { ...a.config, target: "127.0.0.1:1", timeoutMs: 1000 }, {
      settleMs: 0,
      scenario: [async function broken() { throw new Error("scenario bug"); }],
    });
    expect(report.passed).toBe(false);
    expect(report.a.errors).toEqual(["step broken: Error: scenario bug"]);
    expect(report.b.errors).toEqual([expect.stringMatching(/^could not read the endpoint's capabilities: .*UNAVAILABLE/)]);
    expect(formatSwapReport(report)).toContain("error at A: step broken: Error: scenario bug");
  });

  it("should refuse endpoints of different layers, and a layer no module checks", async () => {
    const a = await endpoint();
    await expect(runSwap({ ...a.config, layer: "fixture" }, a.config, { modules: [fixtureModule] })).rejects.toThrow("layer must be the same for both endpoints");
    await expect(runSwap(a.config, { ...a.config, layer: "other" }, { modules: [fixtureModule] })).rejects.toThrow("layer must be one of fixture (got 'other')");
  });
});
