import { topology } from "@strata/sdk/contracts";
import { TopologyGraph } from "@strata/sdk/server";
import { describe, expect, it } from "vitest";
import { computeGraph, edge, storageGraph } from "./fixtures/layer-graphs.js";
import { MergedTopology } from "./merged-topology.js";

const { RELATION_MAPPED_TO: MAPPED_TO, RELATION_PLACED_ON: PLACED_ON, RELATION_OWNS: OWNS } = topology.Relation;
const key = (e: topology.Edge) => `${e.fromId} ${topology.relationToJSON(e.relation).replace("RELATION_", "")} ${e.toId}`;

function merged() {
  const graph = new TopologyGraph();
  const topo = new MergedTopology(graph);
  const removed: string[] = [];
  topo.onNodeRemoved = (id) => removed.push(id);
  return { graph, topo, removed, edges: () => graph.snapshot(undefined).edges.map(key).sort() };
}

describe("MergedTopology", () => {
  it("should hold the union of the endpoints' graphs, shared ids once, with the join edges of both rules", () => {
    const { graph, topo, edges } = merged();
    topo.replace("storage", storageGraph().nodes, storageGraph().edges);
    topo.replace("compute", computeGraph().nodes, computeGraph().edges);
    const view = graph.snapshot(undefined);
    expect(view.nodes.map((n) => n.id).filter((id) => id === "tenant:t1" || id === "application:t1/shop")).toEqual(["tenant:t1", "application:t1/shop"]);
    expect(view.nodes).toHaveLength(storageGraph().nodes.length + computeGraph().nodes.length - 2);
    expect(edges()).toContain(key(edge("v-1", "a-1", MAPPED_TO)));
    expect(edges()).toContain(key(edge("host:i-1", "i-1", PLACED_ON)));
    expect(edges().filter((e) => e === key(edge("tenant:t1", "application:t1/shop", OWNS)))).toHaveLength(1);
  });

  it("should keep a node while any endpoint reports it, and drop joins and nodes as their ends go", () => {
    const { graph, topo, removed, edges } = merged();
    topo.replace("compute", computeGraph().nodes, computeGraph().edges);
    topo.replace("storage", storageGraph().nodes, storageGraph().edges);
    // Storage unmaps and deletes the volume: its own graph is then only what is left.
    topo.replace("storage", [], []);
    expect(edges()).not.toContain(key(edge("v-1", "a-1", MAPPED_TO)));
    expect(edges()).not.toContain(key(edge("host:i-1", "i-1", PLACED_ON)));
    expect(graph.snapshot(undefined).nodes.map((n) => n.id)).toContain("application:t1/shop");
    expect(removed.sort()).toEqual(["d-1", "host:i-1", "m-1", "p-1", "v-1"]);
    // The volume comes back through a change: the attachment's join returns with it.
    topo.apply("storage", { type: topology.ChangeType.CHANGE_TYPE_UPSERT, node: storageGraph().nodes[2] });
    expect(edges()).toContain(key(edge("v-1", "a-1", MAPPED_TO)));
  });

  it("should count one revision per change of the merged graph and keep its history", () => {
    const { graph, topo } = merged();
    topo.replace("storage", storageGraph().nodes, storageGraph().edges);
    const before = graph.revision;
    topo.replace("storage", storageGraph().nodes, storageGraph().edges);
    expect(graph.revision).toBe(before);
    topo.replace("compute", computeGraph().nodes, computeGraph().edges);
    expect(graph.revision).toBeGreaterThan(before);
    const past = graph.snapshotAt(before, undefined)!;
    expect(past.nodes.map((n) => n.id).sort()).toEqual(storageGraph().nodes.map((n) => n.id).sort());
  });
});
