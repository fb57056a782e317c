import { core, topology } from "@strata/sdk/contracts";
import type { TrendPoint } from "./theil-sen.js";
import { DERIVED_METRIC } from "./utilization-metrics.js";
import type { UtilizationSeries } from "./utilization-store.js";

/** The latest value of a series at or before t (its first value before it began). */
function valueAt(points: readonly TrendPoint[], t: number): number {
  let value = points[0]!.v;
  for (const p of points) {
    if (p.t > t) break;
    value = p.v;
  }
  return value;
}

/**
 * The utilization of each storage pool, derived from the topology and its
 * volumes' series: the bytes its volumes hold (capacity_bytes × their
 * utilization, which is allocated ÷ capacity) over the pool's
 * capacity_bytes, at each time one of them was sampled.
 */
export function poolUtilization(nodes: readonly topology.Node[], edges: readonly topology.Edge[], volumes: readonly UtilizationSeries[]): UtilizationSeries[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const seriesOf = new Map(volumes.filter((s) => s.kind === "storage.volume").map((s) => [s.resourceId, s]));
  const out: UtilizationSeries[] = [];
  for (const pool of nodes.filter((n) => n.kind === "storage.pool")) {
    const poolBytes = Number(pool.attributes["capacity_bytes"] ?? 0);
    if (!(poolBytes > 0)) continue;
    const members = edges
      .filter((e) => e.toId === pool.id && e.relation === topology.Relation.RELATION_PLACED_ON)
      .map((e) => ({ series: seriesOf.get(e.fromId), bytes: Number(byId.get(e.fromId)?.attributes["capacity_bytes"] ?? 0) }))
      .filter((m): m is { series: UtilizationSeries; bytes: number } => m.series !== undefined && m.bytes > 0);
    if (members.length === 0) continue;
    const times = [...new Set(members.flatMap((m) => m.series.points.map((p) => p.t)))].sort((a, b) => a - b);
    const points = times.map((t) => ({ t, v: (members.reduce((sum, m) => sum + (m.bytes * valueAt(m.series.points, t)) / 100, 0) / poolBytes) * 100 }));
    out.push({
      metric: DERIVED_METRIC, kind: "storage.pool", layer: core.Layer.LAYER_STORAGE, resourceId: pool.id, tenantId: "", applicationId: "", points,
    });
  }
  return out;
}
