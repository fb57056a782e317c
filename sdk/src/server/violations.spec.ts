import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import type { StrataError } from "../errors/strata-error.js";
import { validate } from "./violations.js";

describe("validate()", () => {
  it("should name every bad field in one INVALID_ARGUMENT", () => {
    let error: StrataError | undefined;
    try {
      validate().id("name", "").id("widget_id", "bad id!").application("workload.application_id", "strata.x").id("host_id", "", false).throwIfAny();
    } catch (caught) {
      error = caught as StrataError;
    }
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(error?.fieldViolations.map((v) => v.field)).toEqual(["name", "widget_id", "workload.application_id"]);
  });

  it("should pass valid fields", () => {
    expect(() => validate().id("name", "ok-1").application("workload.application_id", "shop").text("host_id", "h").throwIfAny()).not.toThrow();
  });
});
