import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import type { Principal } from "../auth/principal.js";
import { StrataError } from "../errors/strata-error.js";
import { checkPolicyTarget, namedPolicyTenant, policyTargetOwner } from "./policy-target.js";
import { validate } from "./validate.js";

const caller = (tenantId: string, roles: string[] = []): Principal => ({ tenantId, roles, authenticatedBy: "insecure-header", subject: tenantId });

function failure(run: () => unknown): StrataError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StrataError);
    return error as StrataError;
  }
  throw new Error("expected a StrataError");
}

describe("checkPolicyTarget()", () => {
  const violations = (target: Parameters<typeof checkPolicyTarget>[1], extra = false) => {
    const checks = checkPolicyTarget(validate(), target, "policy.target", "volume_id");
    if (extra) checks.add("policy.reserved_iops", "must not exceed policy.max_iops");
    const error = failure(() => checks.throwIfAny());
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    return error.fieldViolations.map((v) => [v.field, v.description]);
  };

  it("should name a missing target, an empty field and a malformed id, together with the request's other bad fields", () => {
    expect(violations(undefined, true)).toEqual([
      ["policy.target", "one of tenant_id or volume_id is required"], ["policy.reserved_iops", "must not exceed policy.max_iops"],
    ]);
    expect(violations({})).toEqual([["policy.target", "one of tenant_id or volume_id is required"]]);
    expect(violations({ tenantId: "" })).toEqual([["policy.target.tenant_id", "is set but empty"]]);
    expect(violations({ resourceId: "bad id!" })).toEqual([["policy.target.volume_id", "must be 1 to 128 characters of [A-Za-z0-9._-]"]]);
  });

  it("should pass a well-formed tenant or resource target", () => {
    expect(() => checkPolicyTarget(validate(), { tenantId: "t1" }, "target", "instance_id").throwIfAny()).not.toThrow();
    expect(() => checkPolicyTarget(validate(), { resourceId: "inst-1" }, "target", "instance_id").throwIfAny()).not.toThrow();
  });
});

describe("policyTargetOwner()", () => {
  const ownerOf = (resourceId: string): string => {
    if (resourceId === "vol-1") return "t1";
    throw StrataError.notFound("volume", resourceId);
  };

  it("should give a tenant target's tenant, the caller's own or any for an operator, and PERMISSION_DENIED for another", () => {
    expect(policyTargetOwner(caller("t1"), { tenantId: "t1" }, "target", ownerOf)).toBe("t1");
    expect(policyTargetOwner(caller("ops", ["operator"]), { tenantId: "t2" }, "target", ownerOf)).toBe("t2");
    const error = failure(() => policyTargetOwner(caller("t1"), { tenantId: "t2" }, "target", ownerOf));
    expect([error.code, error.fieldViolations.map((v) => v.field)]).toEqual([status.PERMISSION_DENIED, []]);
  });

  it("should give a resource target its resource's owner, and leave a tenant for that lookup to decide", () => {
    expect(policyTargetOwner(caller("t1"), { resourceId: "vol-1" }, "target", ownerOf)).toBe("t1");
    expect(failure(() => policyTargetOwner(caller("t1"), { resourceId: "vol-2" }, "target", ownerOf)).code).toBe(status.NOT_FOUND);
    expect(namedPolicyTenant(caller("t1"), { resourceId: "vol-1" }, "target")).toBeUndefined();
  });
});
