import type { topology } from "@strata/sdk/contracts";

/** Capacity one node provisions for its tenant's application, in bytes. */
export interface ProvisionedNode {
  tenantId: string;
  applicationId: string;
  kind: "storage.volume" | "compute.instance";
  bytes: bigint;
}

const ATTRIBUTE: Record<ProvisionedNode["kind"], string> = { "storage.volume": "capacity_bytes", "compute.instance": "memory_bytes" };

/**
 * The capacity provisioned in a graph, from the topology catalogue's node
 * kinds alone: a volume's capacity_bytes, an instance's memory_bytes. Nodes
 * without a tenant (shared) or with an unreadable size are left out.
 */
export function provisionedCapacity(nodes: readonly topology.Node[]): ProvisionedNode[] {
  const out: ProvisionedNode[] = [];
  for (const node of nodes) {
    if (node.kind !== "storage.volume" && node.kind !== "compute.instance") continue;
    const text = node.attributes[ATTRIBUTE[node.kind]];
    if (!node.tenantId || !text || !/^\d+$/.test(text)) continue;
    out.push({ tenantId: node.tenantId, applicationId: node.applicationId || "unattributed", kind: node.kind, bytes: BigInt(text) });
  }
  return out;
}
