import { Layer } from "../../gen/strata/core/v1/layer.js";
import { Relation } from "../../gen/strata/topology/v1/topology.js";
import { OwnerNodes } from "../../topology/owner-nodes.js";
import type { TopologyGraph } from "../../topology/topology-graph.js";
import { deviceKindToJSON, transactionRouteToJSON, type Device } from "./contracts.js";

/**
 * Keeps the topology graph in step with the inventory: tenant → application
 * → device, with the node kind of docs/device.md. The device node's id is
 * its device_id, by which an access session names the device.
 */
export class DeviceTopology {
  private readonly owners: OwnerNodes;

  constructor(private readonly graph: TopologyGraph) {
    this.owners = new OwnerNodes(graph);
  }

  addDevice(device: Device): void {
    const { tenantId, applicationId } = device.workload!;
    const appNode = this.owners.acquire(tenantId, applicationId);
    this.graph.upsertNode({
      id: device.deviceId, kind: "device.device", layer: Layer.LAYER_DEVICE, tenantId, applicationId, displayName: device.name,
      attributes: { kind: deviceKindToJSON(device.kind), user_id: device.userId, route: transactionRouteToJSON(device.route) },
    });
    this.graph.upsertEdge(appNode, device.deviceId, Relation.RELATION_OWNS);
  }

  removeDevice(device: Device): void {
    const { tenantId, applicationId } = device.workload!;
    this.graph.removeNode(device.deviceId);
    this.owners.release(tenantId, applicationId);
  }
}
