import { describe, expect, it } from "vitest";
import { Layer } from "../../gen/strata/core/v1/layer.js";
import { DEVICE_CATALOGUE } from "./device-catalogue.js";

describe("DEVICE_CATALOGUE", () => {
  it("should hold exactly the five catalogue rows of docs/device.md", () => {
    expect(DEVICE_CATALOGUE.metrics.map((m) => [m.name, m.kind, m.unit, m.attributes])).toEqual([
      ["strata.device.transactions", "counter", "{transaction}", ["operation"]],
      ["strata.device.transaction.rate", "gauge", "{transaction}/s", ["operation"]],
      ["strata.device.transaction.bytes", "counter", "By", ["operation"]],
      ["strata.device.experience.latency", "histogram", "ns", ["operation"]],
      ["strata.device.transaction.error_rate", "gauge", "{transaction}/s", ["operation"]],
    ]);
  });

  it("should derive the latency users saw from the records' measurement, leaving the error rate to the kit", () => {
    expect(DEVICE_CATALOGUE.metrics.filter((m) => m.measurement).map((m) => [m.name, m.source, m.measurement]))
      .toEqual([["strata.device.experience.latency", "measurement-histogram", "user_latency_ns"]]);
    expect(DEVICE_CATALOGUE.metrics.filter((m) => m.source === undefined).map((m) => m.name)).toEqual(["strata.device.transaction.error_rate"]);
  });

  it("should name the device layer and its one operation, frozen", () => {
    expect(DEVICE_CATALOGUE.layer).toBe(Layer.LAYER_DEVICE);
    expect(DEVICE_CATALOGUE.operations).toEqual(["transact"]);
    expect(Object.isFrozen(DEVICE_CATALOGUE.metrics)).toBe(true);
  });
});
