import { describe, expect, it } from "vitest";
import { device, type OwnTransaction, type TransactionIssuer } from "@strata/sdk/device";
import { FleetLoad } from "./fleet-load.js";

const enrolled = (deviceId: string, tenantId: string) => device.Device.fromPartial({ deviceId, workload: { tenantId, applicationId: "app" } });

/** An issuer over two devices of tenant "a" and one of "b" that notes what it was asked to issue. */
function recordingIssuer(issued: Array<[string, OwnTransaction]>): TransactionIssuer {
  return {
    devices: () => [enrolled("a1", "a"), enrolled("a2", "a"), enrolled("b1", "b")],
    async issue(deviceId, transaction) {
      issued.push([deviceId, transaction]);
      return undefined;
    },
  };
}

describe("FleetLoad", () => {
  it("should issue the mix's transactions from the devices of its tenants until stopped", async () => {
    const issued: Array<[string, OwnTransaction]> = [];
    const load = new FleetLoad({ ratePerDevice: 500, mix: [{ name: "login", weight: 1, payloadBytes: 16 }, { name: "search", weight: 3, payloadBytes: 64 }], tenants: ["a"] },
      recordingIssuer(issued));
    load.start();
    const deadline = Date.now() + 5000;
    while (issued.length < 40 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    load.stop();
    const stoppedAt = issued.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(issued.length).toBe(stoppedAt);
    expect(stoppedAt).toBeGreaterThanOrEqual(40);
    expect(new Set(issued.map(([deviceId]) => deviceId))).toEqual(new Set(["a1", "a2"]));
    expect(issued.every(([, t]) => t.payload.length === (t.transactionName === "login" ? 16 : 64))).toBe(true);
    // Weights 1 and 3: searches outnumber logins over 40 draws, whatever the machine's speed.
    expect(issued.filter(([, t]) => t.transactionName === "search").length).toBeGreaterThan(issued.filter(([, t]) => t.transactionName === "login").length);
  });

  it("should issue nothing at a rate of 0", async () => {
    const issued: Array<[string, OwnTransaction]> = [];
    const load = new FleetLoad({ ratePerDevice: 0, mix: [{ name: "x", weight: 1, payloadBytes: 1 }] }, recordingIssuer(issued));
    load.start();
    await new Promise((resolve) => setTimeout(resolve, 30));
    load.stop();
    expect(issued).toEqual([]);
  });
});
