import { Layer } from "../../gen/strata/core/v1/layer.js";
import { Relation } from "../../gen/strata/topology/v1/topology.js";
import { OwnerNodes, topologyIds } from "../../topology/owner-nodes.js";
import type { TopologyGraph } from "../../topology/topology-graph.js";
import type { Endpoint, Network, Port } from "./contracts.js";

/**
 * Keeps the topology graph in step with the LAN catalogue (docs/network.md,
 * Topology): tenant → application → network and port, network → port →
 * endpoint → host.
 */
export class NetworkTopology {
  private readonly owners: OwnerNodes;

  constructor(private readonly graph: TopologyGraph) {
    this.owners = new OwnerNodes(graph);
  }

  addNetwork(network: Network): void {
    const { tenantId, applicationId } = network.workload!;
    const appNode = this.owners.acquire(tenantId, applicationId);
    this.graph.upsertNode({
      id: network.networkId, kind: "network.network", layer: Layer.LAYER_NETWORK, tenantId, applicationId, displayName: network.name,
    });
    this.graph.upsertEdge(appNode, network.networkId, Relation.RELATION_OWNS);
  }

  removeNetwork(network: Network): void {
    this.graph.removeNode(network.networkId);
    this.owners.release(network.workload!.tenantId, network.workload!.applicationId);
  }

  addPort(port: Port): void {
    const { tenantId, applicationId } = port.workload!;
    const appNode = this.owners.acquire(tenantId, applicationId);
    this.graph.upsertNode({
      id: port.portId, kind: "network.port", layer: Layer.LAYER_NETWORK, tenantId, applicationId, displayName: port.name,
      attributes: { speed_bytes_per_second: String(port.speedBytesPerSecond), queue_capacity_datagrams: String(port.queueCapacityDatagrams) },
    });
    this.graph.upsertEdge(appNode, port.portId, Relation.RELATION_OWNS);
    this.graph.upsertEdge(port.networkId, port.portId, Relation.RELATION_CONSISTS_OF);
  }

  removePort(port: Port): void {
    this.graph.removeNode(port.portId);
    this.owners.release(port.workload!.tenantId, port.workload!.applicationId);
  }

  addEndpoint(endpoint: Endpoint): void {
    const { tenantId, applicationId } = endpoint.workload!;
    this.graph.upsertNode({
      id: endpoint.endpointId, kind: "network.endpoint", layer: Layer.LAYER_NETWORK, tenantId, applicationId, displayName: endpoint.name,
      attributes: { address: endpoint.address },
    });
    this.graph.upsertEdge(endpoint.portId, endpoint.endpointId, Relation.RELATION_CONNECTS);
    if (endpoint.hostId === "") return;
    const host = topologyIds.host(endpoint.hostId);
    this.graph.upsertNode({ id: host, kind: "host", layer: Layer.LAYER_NETWORK, displayName: endpoint.hostId });
    this.graph.upsertEdge(endpoint.endpointId, host, Relation.RELATION_PLACED_ON);
  }

  removeEndpoint(endpoint: Endpoint): void {
    this.graph.removeNode(endpoint.endpointId);
    if (endpoint.hostId !== "") this.graph.removeNodeIfOrphan(topologyIds.host(endpoint.hostId));
  }
}
