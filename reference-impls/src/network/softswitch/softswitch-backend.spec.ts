import { network, type WireFrame } from "@strata/sdk/network";
import { describe, expect, it } from "vitest";
import { createSoftswitchBackend } from "./softswitch-backend.js";

const frame = (frameId: number, sourcePortId: string, sourceAddress: string, destinationAddress: string) => ({
  frameId, networkId: "n1", sourcePortId, sourceAddress, destinationAddress, priority: network.Priority.PRIORITY_NORMAL,
  payload: Buffer.from([frameId]), qosClass: undefined, signal: new AbortController().signal,
});

describe("createSoftswitchBackend()", () => {
  it("should flood an unknown destination within its network, then forward to the port it learned", async () => {
    const backend = createSoftswitchBackend();
    const arrivals: Array<[string, number]> = [];
    await backend.start({ arrive: (portId: string, f: WireFrame) => arrivals.push([portId, f.frameId]) });
    for (const [portId, networkId] of [["p1", "n1"], ["p2", "n1"], ["p3", "n1"], ["other", "n2"]]) await backend.addPort({ portId: portId!, networkId: networkId! });
    await backend.forward(frame(1, "p1", "addr-1", "addr-2"));
    expect(arrivals.sort()).toEqual([["p2", 1], ["p3", 1]]);
    arrivals.length = 0;
    await backend.forward(frame(2, "p2", "addr-2", "addr-1"));
    expect(arrivals).toEqual([["p1", 2]]);
    arrivals.length = 0;
    await backend.forward(frame(3, "p1", "addr-1", "addr-2"));
    expect(arrivals).toEqual([["p2", 3]]);
    await backend.close?.();
  });
});
