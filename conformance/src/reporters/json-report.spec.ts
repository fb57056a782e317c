import { describe, expect, it } from "vitest";
import { SAMPLE_REPORT } from "../fixtures/sample-report.js";
import { formatJson } from "./json-report.js";

describe("formatJson()", () => {
  it("should write the report object as it is", () => {
    expect(JSON.parse(formatJson(SAMPLE_REPORT))).toEqual(SAMPLE_REPORT);
  });

  it("should write 64-bit values as decimal strings", () => {
    expect(JSON.parse(formatJson({ maxIoBytes: 1n << 40n }))).toEqual({ maxIoBytes: "1099511627776" });
  });
});
