import { management } from "@strata/sdk/contracts";
import { describe, expect, it } from "vitest";
import { parseSlaFile } from "./sla-file.js";

describe("parseSlaFile()", () => {
  it("should read YAML and JSON SLA files, priority critical by default", () => {
    const yaml = parseSlaFile("slas:\n  - tenant: tenant-a\n    application: trading\n    percentile: 99\n    latency_target_ms: 200\n");
    const json = parseSlaFile(JSON.stringify({ slas: [{ tenant: "tenant-a", application: "trading", percentile: 99, latency_target_ms: 200, priority: "critical" }] }));
    expect(yaml).toEqual(json);
    expect(yaml[0]).toMatchObject({ latencyTargetNs: 200_000_000n, priority: management.SlaPriority.SLA_PRIORITY_CRITICAL });
  });

  it("should name the entry and field that is wrong", () => {
    expect(() => parseSlaFile("slas: 3")).toThrow(/"slas"/);
    expect(() => parseSlaFile("slas:\n  - tenant: tenant-a\n    application: trading\n    percentile: 90\n    latency_target_ms: 5\n")).toThrow(/slas\[0\]\.percentile/);
    expect(() => parseSlaFile("slas:\n  - tenant: tenant-a\n    application: trading\n    percentile: 99\n    latency_target_ms: 5\n    priority: urgent\n")).toThrow(/slas\[0\]\.priority/);
  });
});
