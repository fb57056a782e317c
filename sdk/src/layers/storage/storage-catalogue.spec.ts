import { describe, expect, it } from "vitest";
import { Layer } from "../../gen/strata/core/v1/layer.js";
import { STORAGE_CATALOGUE } from "./storage-catalogue.js";

describe("STORAGE_CATALOGUE", () => {
  it("should hold exactly the seven catalogue rows", () => {
    expect(STORAGE_CATALOGUE.metrics.map((m) => [m.name, m.kind, m.unit, m.attributes])).toEqual([
      ["strata.storage.io.ops", "counter", "{op}", ["operation"]],
      ["strata.storage.io.bytes", "counter", "By", ["operation"]],
      ["strata.storage.io.ops_rate", "gauge", "{op}/s", ["operation"]],
      ["strata.storage.io.bytes_rate", "gauge", "By/s", ["operation"]],
      ["strata.storage.io.latency", "histogram", "ns", ["operation"]],
      ["strata.storage.io.queue_depth", "gauge", "{request}", []],
      ["strata.storage.volume.utilization", "gauge", "%", []],
    ]);
  });

  it("should leave only utilization to the vendor's gauge providers", () => {
    expect(STORAGE_CATALOGUE.metrics.filter((m) => m.source === undefined).map((m) => m.name)).toEqual(["strata.storage.volume.utilization"]);
  });

  it("should name the storage layer and its two operations, frozen", () => {
    expect(STORAGE_CATALOGUE.layer).toBe(Layer.LAYER_STORAGE);
    expect(STORAGE_CATALOGUE.operations).toEqual(["read", "write"]);
    expect(Object.isFrozen(STORAGE_CATALOGUE.metrics)).toBe(true);
  });
});
