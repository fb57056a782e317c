import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Layer } from "../../gen/strata/core/v1/layer.js";
import { NETWORK_CATALOGUE } from "./network-catalogue.js";

/** The rows of the catalogue tables of docs/network.md: metric, kind, unit, attributes. */
function documentedRows(): string[][] {
  const page = readFileSync(new URL("../../../../docs/network.md", import.meta.url), "utf8");
  return [...page.matchAll(/^\| `(strata\.network\.[^`]+)` \| (\w+) \| `([^`]+)` \| ([^|]+) \|/gm)]
    .map(([, name, kind, unit, attributes]) => [name!, kind!, unit!, attributes!.trim().replaceAll("`", "")]);
}

describe("NETWORK_CATALOGUE", () => {
  it("should hold exactly the rows of the spec page's catalogue, in its order", () => {
    const rows = NETWORK_CATALOGUE.metrics.map((m) => [m.name, m.kind, m.unit, m.attributes.join(", ") || "(none)"]);
    expect(rows).toEqual(documentedRows());
    expect(rows).toHaveLength(12);
  });

  it("should derive the traffic rows from records and leave the rest to the kit's gauges", () => {
    expect(NETWORK_CATALOGUE.metrics.filter((m) => m.source !== undefined).map((m) => m.name)).toEqual([
      "strata.network.traffic.datagrams", "strata.network.traffic.bytes", "strata.network.traffic.datagrams_rate",
      "strata.network.traffic.bytes_rate", "strata.network.delivery.latency",
    ]);
  });

  it("should name the LAN layer and its one operation, frozen", () => {
    expect(NETWORK_CATALOGUE.layer).toBe(Layer.LAYER_NETWORK);
    expect(NETWORK_CATALOGUE.operations).toEqual(["send"]);
    expect(Object.isFrozen(NETWORK_CATALOGUE.metrics)).toBe(true);
  });
});
