import { Relation } from "../gen/strata/topology/v1/topology.js";
import type { TopologyGraph } from "./topology-graph.js";

/** Node ids of the kinds every layer shares, as docs/topology.md fixes them. */
export const topologyIds = {
  tenant: (tenantId: string) => `tenant:${tenantId}`,
  application: (tenantId: string, applicationId: string) => `application:${tenantId}/${applicationId}`,
  host: (hostId: string) => `host:${hostId}`,
};

/**
 * The tenant and application nodes that own a layer's resources: added with
 * the first resource of an application (tenant → application), removed with
 * its last one, and the tenant node with its last application.
 */
export class OwnerNodes {
  private readonly resourcesPerApplication = new Map<string, number>();
  private readonly applicationsPerTenant = new Map<string, Set<string>>();

  constructor(private readonly graph: TopologyGraph) {}

  /** Counts one more resource of the application, adding its nodes if new; returns the application node's id. */
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

  /** Counts one resource fewer (after its node went): the application node goes with its last resource, the tenant's with its last application. */
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
