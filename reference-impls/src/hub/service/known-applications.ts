import { hub, type core } from "@strata/sdk/contracts";
import type { GraphView } from "@strata/sdk/server";
import type { Stitcher } from "../stitching/create-stitcher.js";

const APPLICATION_PREFIX = "application:";

/**
 * The applications the hub knows (docs/hub.md, "Applications"): those with a
 * node in the merged graph (their application node, or a node carrying their
 * tenant and application ids) and those a judged transaction was attributed
 * to, within a tenant scope (undefined: every tenant).
 */
export function knownApplications(view: GraphView, stitcher: Stitcher, scope: readonly string[] | undefined): hub.Application[] {
  const apps = new Map<string, { tenantId: string; applicationId: string; layers: Set<core.Layer>; nodes: number; lastJudged: bigint }>();
  const entry = (tenantId: string, applicationId: string) => {
    const key = `${tenantId}\u0000${applicationId}`;
    let app = apps.get(key);
    if (!app) apps.set(key, (app = { tenantId, applicationId, layers: new Set(), nodes: 0, lastJudged: 0n }));
    return app;
  };
  for (const node of view.nodes) {
    if (node.id.startsWith(APPLICATION_PREFIX) && node.tenantId !== "") {
      const app = entry(node.tenantId, node.id.slice(APPLICATION_PREFIX.length + node.tenantId.length + 1));
      if (node.applicationId === "" || node.applicationId === app.applicationId) app.layers.add(node.layer);
    }
    if (node.tenantId !== "" && node.applicationId !== "") {
      const app = entry(node.tenantId, node.applicationId);
      app.nodes++;
      app.layers.add(node.layer);
    }
  }
  for (const latency of stitcher.book.applications()) {
    if (scope && !scope.includes(latency.tenantId)) continue;
    const app = entry(latency.tenantId, latency.applicationId);
    for (const layer of latency.layers) app.layers.add(layer);
    app.lastJudged = latency.lastJudgedUnixNano;
  }
  return [...apps.values()].map((a) => hub.Application.fromPartial({
    tenantId: a.tenantId, applicationId: a.applicationId, layers: [...a.layers].filter((l) => l !== 0).sort((x, y) => x - y),
    nodeCount: BigInt(a.nodes), lastJudgedTimeUnixNano: a.lastJudged,
  }));
}
