import { TopologyGraph } from "@strata/sdk/server";
import { describe, expect, it } from "vitest";
import { applicationGraph } from "./application-graph.js";
import { computeGraph, storageGraph } from "./fixtures/layer-graphs.js";
import { MergedTopology } from "./merged-topology.js";

function stack() {
  const graph = new TopologyGraph();
  const topo = new MergedTopology(graph);
  topo.replace("storage", storageGraph().nodes, storageGraph().edges);
  topo.replace("compute", computeGraph().nodes, computeGraph().edges);
  return graph;
}

describe("applicationGraph()", () => {
  it("should lead from an application's nodes across layers to everything it uses, and to nothing of another application", () => {
    const app = applicationGraph(stack().snapshot(undefined), "t1", "shop")!;
    expect(app.nodes.map((n) => n.id).sort()).toEqual([
      "a-1", "application:t1/shop", "d-1", "h-1", "host:i-1", "i-1", "m-1", "p-1", "tenant:t1", "v-1",
    ]);
    expect(app.edges.some((e) => e.toId === "i-2" || e.fromId === "tenant:t2")).toBe(false);
    expect(app.edges.filter((e) => e.fromId === "tenant:t1").map((e) => e.toId)).toEqual(["application:t1/shop"]);
  });

  it("should answer only what the caller's view holds, and nothing for an application it has no node of", () => {
    const graph = stack();
    expect(applicationGraph(graph.snapshot(["t2"]), "t1", "shop")).toBeUndefined();
    const blog = applicationGraph(graph.snapshot(["t2"]), "t2", "blog")!;
    expect(blog.nodes.map((n) => n.id).sort()).toEqual(["application:t2/blog", "h-1", "i-2", "tenant:t2"]);
  });
});
