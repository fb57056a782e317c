import { Layer } from "../../gen/strata/core/v1/layer.js";
import { DeviceKind, deviceKindToJSON, provisioningToJSON, type LunMapping, type Volume } from "./contracts.js";
import { Relation } from "../../gen/strata/topology/v1/topology.js";
import { OwnerNodes, topologyIds } from "../../topology/owner-nodes.js";
import type { TopologyGraph } from "../../topology/topology-graph.js";
import type { PoolDescription } from "./storage-backend.js";

/**
 * Keeps the topology graph in step with the storage catalogue: tenant →
 * application → volume → pool → devices, and volume → LUN mapping → host.
 */
export class StorageTopology {
  private readonly owners: OwnerNodes;

  constructor(private readonly graph: TopologyGraph) {
    this.owners = new OwnerNodes(graph);
  }

  addPools(pools: PoolDescription[]): void {
    for (const pool of pools) {
      this.graph.upsertNode({
        id: pool.poolId, kind: "storage.pool", layer: Layer.LAYER_STORAGE, displayName: pool.name,
        attributes: { capacity_bytes: String(pool.capacityBytes) },
      });
      for (const device of pool.devices) {
        this.graph.upsertNode({
          id: device.deviceId, kind: "storage.device", layer: Layer.LAYER_STORAGE, displayName: device.description,
          attributes: { device_kind: deviceKindToJSON(device.kind ?? DeviceKind.DEVICE_KIND_UNSPECIFIED) },
        });
        this.graph.upsertEdge(pool.poolId, device.deviceId, Relation.RELATION_CONSISTS_OF);
      }
    }
  }

  addVolume(volume: Volume): void {
    const { tenantId, applicationId } = volume.workload!;
    const appNode = this.owners.acquire(tenantId, applicationId);
    this.updateVolume(volume);
    this.graph.upsertEdge(appNode, volume.volumeId, Relation.RELATION_OWNS);
    this.graph.upsertEdge(volume.volumeId, volume.poolId, Relation.RELATION_PLACED_ON);
  }

  /** Refreshes a volume's node (after expansion). */
  updateVolume(volume: Volume): void {
    const { tenantId, applicationId } = volume.workload!;
    this.graph.upsertNode({
      id: volume.volumeId, kind: "storage.volume", layer: Layer.LAYER_STORAGE, tenantId, applicationId,
      displayName: volume.name,
      attributes: { capacity_bytes: String(volume.capacityBytes), provisioning: provisioningToJSON(volume.provisioning) },
    });
  }

  removeVolume(volume: Volume): void {
    const { tenantId, applicationId } = volume.workload!;
    this.graph.removeNode(volume.volumeId);
    this.owners.release(tenantId, applicationId);
  }

  /** Adds a mapping node, owned like the volume it maps (tenant and application). */
  addMapping(mapping: LunMapping, volume: Volume): void {
    const host = topologyIds.host(mapping.hostId);
    this.graph.upsertNode({ id: host, kind: "host", layer: Layer.LAYER_STORAGE, displayName: mapping.hostId });
    this.graph.upsertNode({
      id: mapping.mappingId, kind: "storage.lun_mapping", layer: Layer.LAYER_STORAGE, tenantId: mapping.tenantId,
      applicationId: volume.workload!.applicationId,
      displayName: `${mapping.hostId} LUN ${mapping.lun}`, attributes: { host_id: mapping.hostId, lun: String(mapping.lun) },
    });
    this.graph.upsertEdge(mapping.volumeId, mapping.mappingId, Relation.RELATION_MAPPED_TO);
    this.graph.upsertEdge(mapping.mappingId, host, Relation.RELATION_MAPPED_TO);
  }

  removeMapping(mapping: LunMapping): void {
    this.graph.removeNode(mapping.mappingId);
    this.graph.removeNodeIfOrphan(topologyIds.host(mapping.hostId));
  }
}
