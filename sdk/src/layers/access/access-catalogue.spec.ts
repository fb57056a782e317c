import { describe, expect, it } from "vitest";
import { Layer } from "../../gen/strata/core/v1/layer.js";
import { ACCESS_CATALOGUE } from "./access-catalogue.js";

describe("ACCESS_CATALOGUE", () => {
  it("should hold exactly the eight catalogue rows of docs/access.md", () => {
    expect(ACCESS_CATALOGUE.metrics.map((m) => [m.name, m.kind, m.unit, m.attributes])).toEqual([
      ["strata.access.requests", "counter", "{request}", ["operation"]],
      ["strata.access.request.rate", "gauge", "{request}/s", ["operation"]],
      ["strata.access.bytes", "counter", "By", ["operation"]],
      ["strata.access.byte.rate", "gauge", "By/s", ["operation"]],
      ["strata.access.latency", "histogram", "ns", ["operation"]],
      ["strata.access.shaping.delay", "histogram", "ns", ["operation"]],
      ["strata.access.entry_point.latency", "histogram", "ns", ["operation"]],
      ["strata.access.sessions", "gauge", "{session}", []],
    ]);
  });

  it("should derive the shaping delay and the entry point's time from the records' measurements, leaving open sessions to the kit", () => {
    expect(ACCESS_CATALOGUE.metrics.filter((m) => m.measurement).map((m) => [m.name, m.source, m.measurement])).toEqual([
      ["strata.access.shaping.delay", "measurement-histogram", "shaping_delay_ns"],
      ["strata.access.entry_point.latency", "measurement-histogram", "entry_point_ns"],
    ]);
    expect(ACCESS_CATALOGUE.metrics.filter((m) => m.source === undefined).map((m) => m.name)).toEqual(["strata.access.sessions"]);
  });

  it("should name the access layer and its one operation, frozen", () => {
    expect(ACCESS_CATALOGUE.layer).toBe(Layer.LAYER_ACCESS);
    expect(ACCESS_CATALOGUE.operations).toEqual(["forward"]);
    expect(Object.isFrozen(ACCESS_CATALOGUE.metrics)).toBe(true);
  });
});
