import { describe, expect, it } from "vitest";
import { device, type OwnTransaction, type TransactionIssuer } from "@strata/sdk/device";
import { JourneyMonitor } from "./journey-monitor.js";

const enrolled = (deviceId: string, tenantId: string) => device.Device.fromPartial({ deviceId, workload: { tenantId, applicationId: "app" } });

/** An issuer over one device per tenant that fails the transactions named "broken". */
function recordingIssuer(issued: Array<[string, OwnTransaction]>): TransactionIssuer {
  return {
    devices: () => [enrolled("a1", "a"), enrolled("b1", "b")],
    async issue(deviceId, transaction) {
      issued.push([deviceId, transaction]);
      return device.ExperienceReport.fromPartial({ deviceId, statusCode: transaction.transactionName === "broken" ? 14 : 0 });
    },
  };
}

describe("JourneyMonitor", () => {
  const journeys = [
    { name: "shop", steps: [{ transactionName: "login", payloadBytes: 10 }, { transactionName: "broken", payloadBytes: 5 }, { transactionName: "never", payloadBytes: 1 }] },
    { name: "read", steps: [{ transactionName: "open", payloadBytes: 3 }] },
  ];

  it("should run every journey's steps in order from each monitored device, stopping a journey at its failed step", async () => {
    const issued: Array<[string, OwnTransaction]> = [];
    const monitor = new JourneyMonitor({ journeys, everyMs: 60_000, tenants: ["a"] }, recordingIssuer(issued));
    await monitor.round();
    expect(issued.map(([deviceId, t]) => [deviceId, t.transactionName, t.journey?.name, t.journey?.step])).toEqual([
      ["a1", "login", "shop", 1], ["a1", "broken", "shop", 2], ["a1", "open", "read", 1],
    ]);
    expect(monitor.counts).toEqual({ runs: 2, completed: 1 });
  });

  it("should send the same payloads every round", async () => {
    const issued: Array<[string, OwnTransaction]> = [];
    const monitor = new JourneyMonitor({ journeys, everyMs: 60_000 }, recordingIssuer(issued));
    await monitor.round();
    const first = issued.splice(0).map(([d, t]) => [d, t.transactionName, t.payload.toString("hex")]);
    await monitor.round();
    expect(issued.map(([d, t]) => [d, t.transactionName, t.payload.toString("hex")])).toEqual(first);
    expect(first.map(([d]) => d)).toContain("b1");
  });
});
