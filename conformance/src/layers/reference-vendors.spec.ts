import { existsSync, readFileSync } from "node:fs";
import { REFERENCE_VENDORS } from "@strata/reference-impls";
import { describe, expect, it } from "vitest";
import { referenceVendorSpecFile } from "../fixtures/reference-vendor-suite.js";

// The whole suite runs against the reference vendors in one spec file per layer
// (layers/<layer>/<layer>-reference-vendors.spec.ts, four lines, in the layer's own folder), so that vitest runs them in parallel.
describe("the reference vendors' spec files", () => {
  it.each([...new Set(REFERENCE_VENDORS.map((v) => v.layer))])("should run the whole suite against the %s vendors in a spec file of their own", (layer) => {
    const file = new URL(referenceVendorSpecFile(layer), import.meta.url);
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    expect(text, `conformance/src/layers/${referenceVendorSpecFile(layer)} must call describeReferenceVendors("${layer}", LAYER_MODULES)`).toContain(`describeReferenceVendors("${layer}", LAYER_MODULES);`);
  });
});
