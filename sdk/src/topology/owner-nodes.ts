import { Relation } from "../gen/strata/topology/v1/topology.js";
import type { TopologyGraph } from "./topology-graph.js";

/** Node ids of the kinds every layer shares (docs/topology.md), so that a hub merges the layers' graphs by union. */
export const topologyIds = {
  tenant: (tenantId: string) => `tenant:${tenantId}`,
  application: (tenantId: string, applicationId: string) => `application:${tenantId}/${applicationId}`,
  host: (hostId: string) => `host:${hostId}`,
};

/**
 * The tenant and application nodes every layer reports, kept exactly as long
 * as a resource refers to them. A layer kit acquires its resource's owner
 * before adding the resource's node (and its "application owns" edge), and
 * releases it after removing the node: the application node goes with the
 * application's last resource, the tenant node with its last application.
 *
 * @example
 * const appNode = owners.acquire(tenantId, applicationId);
 * graph.upsertNode({ id: resourceId, kind: "x.thing", tenantId, applicationId });
 * graph.upsertEdge(appNode, resourceId, Relation.RELATION_OWNS);
 * // … later
 * graph.removeNode(resourceId);
 * owners.release(tenantId, applicationId);
 */
export class OwnerNodes {
  private readonly resourcesPerApplication = new Map<string, number>();
  private readonly applicationsPerTenant = new Map<string, Set<string>>();

  constructor(private readonly graph: TopologyGraph) {}

  /** Adds the tenant and application nodes (and their edge) if new, counts one more resource; returns the application node's id. */
  acquire(tenantId: string, applicationId: string): string {
    const tenantNode = topologyIds.tenant(tenantId);
    const appNode = topologyIds.application(tenantId, applicationId);
    this.graph.upsertNode({ id: tenantNode, kind: "tenant", tenantId, displayName: tenantId });
    this.graph.upsertNode({ id: appNode, kind: "application", tenantId, applicationId, displayName: applicationId });
    this.graph.upsertEdge(tenantNode, appNode, Relation.RELATION_OWNS);
    this.resourcesPerApplication.set(appNode, (this.resourcesPerApplication.get(appNode) ?? 0) + 1);
    const apps = this.applicationsPerTenant.get(tenantNode) ?? new Set();
    apps.add(appNode);
    this.applicationsPerTenant.set(tenantNode, apps);
    return appNode;
  }

  /** Counts one resource less; removes the application node without resources, and the tenant node without applications. */
  release(tenantId: string, applicationId: string): void {
    const tenantNode = topologyIds.tenant(tenantId);
    const appNode = topologyIds.application(tenantId, applicationId);
    const left = (this.resourcesPerApplication.get(appNode) ?? 1) - 1;
    if (left > 0) {
      this.resourcesPerApplication.set(appNode, left);
      return;
    }
    this.resourcesPerApplication.delete(appNode);
    this.graph.removeNode(appNode);
    const apps = this.applicationsPerTenant.get(tenantNode);
    apps?.delete(appNode);
    if (!apps || apps.size === 0) {
      this.applicationsPerTenant.delete(tenantNode);
      this.graph.removeNode(tenantNode);
    }
  }
}
