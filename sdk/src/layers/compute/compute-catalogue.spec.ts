import { describe, expect, it } from "vitest";
import { Layer } from "../../gen/strata/core/v1/layer.js";
import { COMPUTE_CATALOGUE } from "./compute-catalogue.js";

describe("COMPUTE_CATALOGUE", () => {
  it("should hold exactly the seven catalogue rows of docs/compute.md", () => {
    expect(COMPUTE_CATALOGUE.metrics.map((m) => [m.name, m.kind, m.unit, m.attributes])).toEqual([
      ["strata.compute.executions", "counter", "{execution}", ["operation"]],
      ["strata.compute.execution.rate", "gauge", "{execution}/s", ["operation"]],
      ["strata.compute.execution.latency", "histogram", "ns", ["operation"]],
      ["strata.compute.cpu.time", "counter", "ns", ["operation"]],
      ["strata.compute.run_queue.delay", "histogram", "ns", ["operation"]],
      ["strata.compute.cpu.utilization", "gauge", "%", []],
      ["strata.compute.memory.used", "gauge", "By", []],
    ]);
  });

  it("should derive CPU time and run-queue delay from the records' measurements, leaving the instance gauges to the kit", () => {
    expect(COMPUTE_CATALOGUE.metrics.filter((m) => m.measurement).map((m) => [m.name, m.source, m.measurement])).toEqual([
      ["strata.compute.cpu.time", "measurement-sum", "cpu_time_ns"],
      ["strata.compute.run_queue.delay", "measurement-histogram", "run_queue_delay_ns"],
    ]);
    expect(COMPUTE_CATALOGUE.metrics.filter((m) => m.source === undefined).map((m) => m.name))
      .toEqual(["strata.compute.cpu.utilization", "strata.compute.memory.used"]);
  });

  it("should name the compute layer and its one operation, frozen", () => {
    expect(COMPUTE_CATALOGUE.layer).toBe(Layer.LAYER_COMPUTE);
    expect(COMPUTE_CATALOGUE.operations).toEqual(["execute"]);
    expect(Object.isFrozen(COMPUTE_CATALOGUE.metrics)).toBe(true);
  });
});
