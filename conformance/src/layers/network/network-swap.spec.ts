import { REFERENCE_VENDORS } from "@strata/reference-impls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConformanceConfigInput } from "../../config.js";
import { startReferenceVendor } from "../../fixtures/start-reference-vendor.js";
import type { StartedEndpoint } from "../../registry/layer-fixtures.js";
import { formatSwapReport } from "../../swap/format-swap-report.js";
import { runSwap } from "../../swap/run-swap.js";
import { startNetworkVendor } from "./fixtures/faulty/faulty-network-vendor.js";
import { secondEndpointOnPort } from "./fixtures/faulty/second-endpoint-on-port.js";
import "../index.js";

describe("the LAN swap scenario", () => {
  const started: StartedEndpoint[] = [];
  const configs: Record<string, ConformanceConfigInput> = {};

  beforeAll(async () => {
    await Promise.all(REFERENCE_VENDORS.filter((v) => v.layer === "network").map(async (reference) => {
      const vendor = await startReferenceVendor(reference);
      started.push(vendor);
      configs[reference.name] = vendor.config;
    }));
  });
  afterAll(async () => {
    await Promise.all(started.map((vendor) => vendor.stop()));
  });

  it("should prove that udpswitch can replace softswitch", async () => {
    const report = await runSwap(configs.softswitch!, configs.udpswitch!);
    expect(report.rows.filter((r) => !r.same), formatSwapReport(report)).toEqual([]);
    expect([...report.a.errors, ...report.b.errors]).toEqual([]);
    expect(report.passed).toBe(true);
    const subjects = report.rows.map((r) => `${r.aspect} ${r.subject}`);
    expect(subjects).toEqual(expect.arrayContaining([
      "status DatagramService.Send to a full receive queue",
      "status NetworkService.DeleteNetwork of a network with ports",
      "status TapService.CreateTap as tenant B selecting tenant A's network",
      "metric strata.network.traffic.datagrams",
      "metric strata.network.port.utilization",
      "record LAYER_NETWORK send",
      "node network.endpoint",
      "relation network.port RELATION_CONNECTS network.endpoint",
    ]));
  }, 30_000);

  it("should fail against a vendor answering another status code, showing the call side by side", async () => {
    const faulty = await startNetworkVendor(secondEndpointOnPort);
    try {
      const report = await runSwap(configs.softswitch!, faulty.config, { settleMs: 0 });
      expect(report.passed).toBe(false);
      expect(report.rows.filter((r) => !r.same && r.aspect === "status").map((r) => [r.subject, r.a, r.b])).toEqual([
        ["EndpointService.AttachEndpoint to a port with an endpoint", "FAILED_PRECONDITION", "OK"],
      ]);
    } finally {
      await faulty.stop();
    }
  }, 30_000);
});
