import { network, type WireFrame } from "@strata/sdk/network";
import { describe, expect, it } from "vitest";
import { createUdpswitchBackend } from "./udpswitch-backend.js";

const frame = (frameId: number, destinationAddress: string) => ({
  frameId, networkId: "n1", sourcePortId: "p1", sourceAddress: "addr-1", destinationAddress, priority: network.Priority.PRIORITY_NORMAL,
  payload: Buffer.alloc(300, frameId), qosClass: undefined, signal: new AbortController().signal,
});

describe("createUdpswitchBackend()", () => {
  it("should carry a frame through real sockets to the port its address is programmed behind, and lose one it is not", async () => {
    const backend = createUdpswitchBackend({ lossTimeoutMs: 200 });
    const arrivals: Array<[string, number, number]> = [];
    await backend.start({ arrive: (portId: string, f: WireFrame) => arrivals.push([portId, f.frameId, f.payload[0]!]) });
    await backend.addPort({ portId: "p1", networkId: "n1" });
    await backend.addPort({ portId: "p2", networkId: "n1" });
    backend.bindAddress!({ portId: "p2", networkId: "n1" }, "addr-2");
    await backend.forward(frame(7, "addr-2"));
    expect(arrivals).toEqual([["p2", 7, 7]]);
    await backend.forward(frame(8, "addr-nowhere"));
    backend.bindAddress!({ portId: "p2", networkId: "n1" }, undefined);
    await backend.forward(frame(9, "addr-2"));
    expect(arrivals).toEqual([["p2", 7, 7]]);
    await backend.close?.();
  });
});
