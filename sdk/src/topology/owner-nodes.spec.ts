import { describe, expect, it } from "vitest";
import { Relation } from "../gen/strata/topology/v1/topology.js";
import { OwnerNodes, topologyIds } from "./owner-nodes.js";
import { TopologyGraph } from "./topology-graph.js";

describe("OwnerNodes", () => {
  const ids = (graph: TopologyGraph) => graph.snapshot(undefined).nodes.map((n) => n.id).sort();

  it("should keep an application node while it owns a resource, and the tenant node while it has an application", () => {
    const graph = new TopologyGraph();
    const owners = new OwnerNodes(graph);
    expect(owners.acquire("t1", "a")).toBe(topologyIds.application("t1", "a"));
    expect(topologyIds.application("t1", "a")).toBe("application:t1/a");
    expect(topologyIds.host("h1")).toBe("host:h1");
    owners.acquire("t1", "a");
    owners.acquire("t1", "b");
    expect(ids(graph)).toEqual(["application:t1/a", "application:t1/b", "tenant:t1"]);
    expect(graph.snapshot(undefined).edges).toContainEqual({ fromId: "tenant:t1", toId: "application:t1/a", relation: Relation.RELATION_OWNS });
    owners.release("t1", "a");
    expect(ids(graph)).toEqual(["application:t1/a", "application:t1/b", "tenant:t1"]);
    owners.release("t1", "a");
    expect(ids(graph)).toEqual(["application:t1/b", "tenant:t1"]);
    owners.release("t1", "b");
    expect(ids(graph)).toEqual([]);
  });
});
