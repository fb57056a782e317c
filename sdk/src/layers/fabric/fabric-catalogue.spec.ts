import { describe, expect, it } from "vitest";
import { Layer } from "../../gen/strata/core/v1/layer.js";
import { FABRIC_CATALOGUE } from "./fabric-catalogue.js";

describe("FABRIC_CATALOGUE", () => {
  it("should hold exactly the ten catalogue rows of docs/fabric.md", () => {
    expect(FABRIC_CATALOGUE.metrics.map((m) => [m.name, m.kind, m.unit, m.attributes])).toEqual([
      ["strata.fabric.transfer.frames", "counter", "{frame}", ["operation"]],
      ["strata.fabric.transfer.bytes", "counter", "By", ["operation"]],
      ["strata.fabric.transfer.frames_rate", "gauge", "{frame}/s", ["operation"]],
      ["strata.fabric.transfer.bytes_rate", "gauge", "By/s", ["operation"]],
      ["strata.fabric.path.latency", "histogram", "ns", ["operation"]],
      ["strata.fabric.retransmissions", "counter", "{frame}", ["operation"]],
      ["strata.fabric.port.utilization", "gauge", "%", []],
      ["strata.fabric.target.frames_rate", "gauge", "{frame}/s", []],
      ["strata.fabric.target.bytes_rate", "gauge", "By/s", []],
      ["strata.fabric.target.drops_rate", "gauge", "{frame}/s", ["traffic_class"]],
    ]);
  });

  it("should derive path latency and retransmissions from the records' measurements, leaving the port and target gauges to the kit", () => {
    expect(FABRIC_CATALOGUE.metrics.filter((m) => m.measurement).map((m) => [m.name, m.source, m.measurement])).toEqual([
      ["strata.fabric.path.latency", "measurement-histogram", "path_latency_ns"],
      ["strata.fabric.retransmissions", "measurement-sum", "retransmissions"],
    ]);
    expect(FABRIC_CATALOGUE.metrics.filter((m) => m.source === undefined).map((m) => m.name)).toEqual([
      "strata.fabric.port.utilization", "strata.fabric.target.frames_rate", "strata.fabric.target.bytes_rate", "strata.fabric.target.drops_rate",
    ]);
  });

  it("should name the fabric layer and its one operation, frozen", () => {
    expect(FABRIC_CATALOGUE.layer).toBe(Layer.LAYER_FABRIC);
    expect(FABRIC_CATALOGUE.operations).toEqual(["transfer"]);
    expect(Object.isFrozen(FABRIC_CATALOGUE.metrics)).toBe(true);
  });
});
