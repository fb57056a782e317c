import { describe, expect, it } from "vitest";
import { upstreamArgs } from "./layer-wiring.js";

const ADDRESSES = { storage: "127.0.0.1:1", fabric: "127.0.0.1:2", network: "127.0.0.1:3", compute: "127.0.0.1:4", access: "127.0.0.1:5", device: "127.0.0.1:6" };

describe("upstreamArgs()", () => {
  it("should wire each layer to the layers it calls, each with the operator's token file", () => {
    const jwt = { tokenFile: "/tmp/op.jwt" };
    expect(upstreamArgs("fabric", ADDRESSES, jwt)).toEqual({
      args: ["--storage-system", "stack-storage=127.0.0.1:1", "--storage-token-file", "/tmp/op.jwt"], wired: ["storage"],
    });
    expect(upstreamArgs("compute", ADDRESSES, jwt)).toEqual({
      args: ["--reference-programs", "--network-endpoint", "127.0.0.1:3", "--network-token-file", "/tmp/op.jwt", "--fabric-endpoint", "127.0.0.1:2", "--fabric-token-file", "/tmp/op.jwt"],
      wired: ["network", "fabric"],
    });
    expect(upstreamArgs("storage", ADDRESSES, jwt)).toEqual({ args: [], wired: [] });
  });

  it("should call upstream as the development operator in development mode", () => {
    expect(upstreamArgs("device", ADDRESSES, { development: true })).toEqual({
      args: ["--access-endpoint", "127.0.0.1:5", "--access-insecure-operator"], wired: ["access"],
    });
  });
});
