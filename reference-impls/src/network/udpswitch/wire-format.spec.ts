import { network } from "@strata/sdk/network";
import { describe, expect, it } from "vitest";
import { decodeWireFrame, encodeWireFrame } from "./wire-format.js";

describe("encodeWireFrame()", () => {
  it("should round-trip a frame, payload byte for byte", () => {
    const frame = {
      frameId: 2 ** 40 + 3, networkId: "net-1", sourceAddress: "02:aa:bb:cc:dd:ee", destinationAddress: "02:11:22:33:44:55",
      priority: network.Priority.PRIORITY_HIGH, payload: Buffer.from([0, 1, 2, 255]),
    };
    expect(decodeWireFrame(encodeWireFrame(frame))).toEqual(frame);
  });

  it("should ignore datagrams that are not frames", () => {
    expect(decodeWireFrame(Buffer.from("hello, switch"))).toBeUndefined();
    const truncated = encodeWireFrame({ frameId: 1, networkId: "n", sourceAddress: "a", destinationAddress: "b", priority: 2, payload: Buffer.alloc(0) });
    expect(decodeWireFrame(truncated.subarray(0, truncated.length - 1))).toBeUndefined();
  });
});
