import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { faultyVendorSpecFile, layerFolders } from "../fixtures/layer-folders.js";

// Each layer's faulty vendors are proven in a spec file of their own
// (layers/<layer>/<layer>-faulty-vendors.spec.ts, four lines, in the layer's own folder), so that vitest runs them in parallel.
describe("the faulty vendors' spec files", () => {
  it.each(layerFolders())("should prove the faulty vendors of layers/%s in a spec file of their own", (layer) => {
    const file = new URL(faultyVendorSpecFile(layer), import.meta.url);
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    expect(text, `conformance/src/layers/${faultyVendorSpecFile(layer)} must call describeFaultyVendors("${layer}", LAYER_MODULES)`).toContain(`describeFaultyVendors("${layer}", LAYER_MODULES);`);
  });
});
