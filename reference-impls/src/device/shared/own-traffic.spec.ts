import { describe, expect, it } from "vitest";
import { device, type TransactionIssuer } from "@strata/sdk/device";
import { devicesOf, patternPayload } from "./own-traffic.js";

const enrolled = (deviceId: string, tenantId: string) => device.Device.fromPartial({ deviceId, workload: { tenantId, applicationId: "app" } });
const issuer: TransactionIssuer = { devices: () => [enrolled("d1", "a"), enrolled("d2", "b")], issue: async () => undefined };

describe("devicesOf()", () => {
  it("should take the devices of the tenants given, or every device when none is", () => {
    expect(devicesOf(issuer, ["b"]).map((d) => d.deviceId)).toEqual(["d2"]);
    expect(devicesOf(issuer).map((d) => d.deviceId)).toEqual(["d1", "d2"]);
  });
});

describe("patternPayload()", () => {
  it("should give the same bytes for the same name, other bytes for another, at any size", () => {
    expect(patternPayload("login", 100)).toEqual(patternPayload("login", 100));
    expect(patternPayload("login", 100)).not.toEqual(patternPayload("search", 100));
    expect(patternPayload("login", 70).subarray(0, 40)).toEqual(patternPayload("login", 40));
    expect(patternPayload("x", 0)).toHaveLength(0);
  });
});
