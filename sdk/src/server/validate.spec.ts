import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { StrataError } from "../errors/strata-error.js";
import { validate } from "./validate.js";

function violations(run: () => void): Array<[string, string]> {
  try {
    run();
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(StrataError);
    expect((error as StrataError).code).toBe(status.INVALID_ARGUMENT);
    return (error as StrataError).fieldViolations.map((v) => [v.field, v.description]);
  }
}

describe("validate()", () => {
  it("should name every bad field in one INVALID_ARGUMENT", () => {
    expect(violations(() => validate().id("name", "").application("app", "strata.x").text("host", "h".repeat(300)).throwIfAny())).toEqual([
      ["name", "is required"],
      ["app", 'must be 1 to 128 characters of [A-Za-z0-9._-], not starting with "strata."'],
      ["host", "must be at most 256 bytes"],
    ]);
  });

  it("should check sizes against their unit and minimum, and counts against their range", () => {
    const mib = 1n << 20n;
    expect(violations(() => validate().size("a", 0n, 512n).size("b", 513n, 512n).size("c", mib, mib, 16n * mib).size("d", 16n * mib, mib, 16n * mib).throwIfAny()))
      .toEqual([["a", "must be greater than 0"], ["b", "must be a multiple of 512"], ["c", `must be at least ${16n * mib}`]]);
    expect(violations(() => validate().range("n", 0, 1, 8).range("m", 9, 1, 8).range("k", 3, 1, 8).throwIfAny()))
      .toEqual([["n", "must be at least 1"], ["m", "must be at most 8"]]);
  });

  it("should check ids by the id rule, application ids by its reserved prefix too", () => {
    expect(violations(() => validate().id("widget_id", "bad id!").application("workload.application_id", "strata.x").id("host_id", "", false).throwIfAny()))
      .toEqual([
        ["widget_id", "must be 1 to 128 characters of [A-Za-z0-9._-]"],
        ["workload.application_id", 'must be 1 to 128 characters of [A-Za-z0-9._-], not starting with "strata."'],
      ]);
    expect(violations(() => validate().id("name", "ok-1").application("workload.application_id", "shop").text("host_id", "h").throwIfAny())).toEqual([]);
  });

  it("should pass optional ids left empty", () => {
    expect(violations(() => validate().id("pool_id", "", false).application("app", "", false).throwIfAny())).toEqual([]);
  });
});
