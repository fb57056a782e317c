import { describe, expect, it } from "vitest";
import { Layer } from "../gen/strata/core/v1/layer.js";
import { catalogueFor, operationsFor, STORAGE_METRICS } from "./metric-catalogue.js";

describe("catalogueFor()", () => {
  it("should give the storage layer exactly the seven catalogue rows", () => {
    expect(catalogueFor(Layer.LAYER_STORAGE).map((m) => [m.name, m.kind, m.unit, m.attributes])).toEqual([
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
    expect(STORAGE_METRICS.filter((m) => m.source === undefined).map((m) => m.name)).toEqual(["strata.storage.volume.utilization"]);
  });

  it("should return a copy, and nothing for layers without a catalogue yet", () => {
    catalogueFor(Layer.LAYER_STORAGE).pop();
    expect(catalogueFor(Layer.LAYER_STORAGE)).toHaveLength(7);
    expect(catalogueFor(Layer.LAYER_FABRIC)).toEqual([]);
    expect(operationsFor(Layer.LAYER_STORAGE)).toEqual(["read", "write"]);
    expect(operationsFor(Layer.LAYER_COMPUTE)).toEqual([]);
  });
});
