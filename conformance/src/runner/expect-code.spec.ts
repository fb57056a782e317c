import { status } from "@grpc/grpc-js";
import { StrataError } from "@strata/sdk/client";
import { core, rpc } from "@strata/sdk/contracts";
import { describe, expect, it } from "vitest";
import { CheckFailure } from "./check-errors.js";
import { expectCode } from "./expect-code.js";

const notFound = () => Promise.reject(new StrataError(status.NOT_FOUND, 'volume "v" not found', {
  reason: core.ErrorReason.ERROR_REASON_RESOURCE_NOT_FOUND,
}));

describe("expectCode()", () => {
  it("should resolve to the error when the code matches", async () => {
    const error = await expectCode(notFound(), rpc.Code.NOT_FOUND, "GetVolume of a deleted volume");
    expect(error.message).toBe('volume "v" not found');
  });

  it("should resolve to the response when OK is expected", async () => {
    expect(await expectCode(Promise.resolve({ ok: 1 }), rpc.Code.OK, "GetInfo")).toEqual({ ok: 1 });
  });

  it("should fail naming the call, the expected and the actual code and the server's message", async () => {
    await expect(expectCode(notFound(), rpc.Code.PERMISSION_DENIED, "GetVolume of tenant A's volume as tenant B"))
      .rejects.toThrow(new CheckFailure(`GetVolume of tenant A's volume as tenant B: expected PERMISSION_DENIED, got NOT_FOUND "volume "v" not found" (ERROR_REASON_RESOURCE_NOT_FOUND)`));
  });

  it("should fail a call that succeeded where an error was required", async () => {
    await expect(expectCode(Promise.resolve({}), rpc.Code.ALREADY_EXISTS, "CreateVolume with the same name and another size"))
      .rejects.toThrow("CreateVolume with the same name and another size: expected ALREADY_EXISTS, got OK");
  });

  it("should fail a matching code with the wrong reason", async () => {
    await expect(expectCode(notFound(), rpc.Code.NOT_FOUND, "GetVolume", core.ErrorReason.ERROR_REASON_TENANT_MISMATCH))
      .rejects.toThrow("GetVolume: expected reason ERROR_REASON_TENANT_MISMATCH with NOT_FOUND, got NOT_FOUND");
  });

  it("should fail a failure that is not a gRPC status", async () => {
    await expect(expectCode(Promise.reject(new TypeError("boom")), rpc.Code.NOT_FOUND, "GetVolume"))
      .rejects.toThrow("GetVolume: expected NOT_FOUND, got a failure that is not a gRPC status: TypeError: boom");
  });
});
