// strata.topology.v1: nodes, edges, TopologyService.
export * from "../gen/strata/topology/v1/topology.js";
