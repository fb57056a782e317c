import { management, type topology } from "@strata/sdk/contracts";
import { projectExhaustion } from "./project-exhaustion.js";
import type { UtilizationSeries } from "./utilization-store.js";

/** The model every projection of the reference tool comes from (docs/capacity.md). */
export const PROJECTION_MODEL = "theil-sen";

/** An application and the ids of the nodes its merged graph reaches. */
export interface ApplicationReach {
  tenantId: string;
  applicationId: string;
  nodeIds: ReadonlySet<string>;
}

export interface CapacityInputs {
  series: readonly UtilizationSeries[];
  nodes: readonly topology.Node[];
  applications: readonly ApplicationReach[];
  nowS: number;
  /** Keeps these tenants' resources and applications, and shared resources; empty keeps all. */
  tenantIds?: readonly string[];
}

const NS = 1e9;
const toNs = (seconds: number | undefined) => (seconds === undefined ? 0n : BigInt(Math.round(seconds * NS)));

/**
 * A capacity report from utilization series, the merged topology and each
 * application's reach: per resource its level, trend and projected
 * exhaustion; per layer a summary; per application the resource (and so the
 * layer) projected to saturate first, else the busiest. A thick volume's
 * utilization is its allocation (always 100 %), not a fill: it is reported
 * but never projected nor taken as a bottleneck.
 */
export function capacityReport(inputs: CapacityInputs): management.GetCapacityReportResponse {
  const nodes = new Map(inputs.nodes.map((n) => [n.id, n]));
  const keep = new Set(inputs.tenantIds ?? []);
  const visible = (tenantId: string) => keep.size === 0 || tenantId === "" || keep.has(tenantId);
  const resources: management.ResourceUtilization[] = [];
  const projectable = new Set<management.ResourceUtilization>();
  for (const s of inputs.series) {
    const node = nodes.get(s.resourceId);
    const tenantId = node?.tenantId ?? s.tenantId;
    if (!visible(tenantId)) continue;
    const thick = s.kind === "storage.volume" && node?.attributes["provisioning"] === "PROVISIONING_THICK";
    const p = projectExhaustion(s.points, inputs.nowS);
    const projected = !thick && p.secondsToExhaustion !== undefined;
    const r = management.ResourceUtilization.fromPartial({
      layer: s.layer, kind: node?.kind ?? s.kind, resourceId: s.resourceId, tenantId, applicationId: node?.applicationId ?? s.applicationId,
      metric: s.metric, utilizationPercent: s.points.at(-1)?.v ?? 0, trendPercentPerSecond: p.trendPercentPerSecond,
      exhaustionProjected: projected, timeToExhaustionNs: projected ? toNs(p.secondsToExhaustion) : 0n, trendSamples: s.points.length,
    });
    resources.push(r);
    if (!thick) projectable.add(r);
  }
  resources.sort((a, b) => a.layer - b.layer || a.kind.localeCompare(b.kind) || a.resourceId.localeCompare(b.resourceId));
  return management.GetCapacityReportResponse.fromPartial({
    timeUnixNano: BigInt(Math.round(inputs.nowS * 1000)) * 1_000_000n, // milliseconds: a double of epoch nanoseconds would round
    projectionModel: PROJECTION_MODEL,
    resources,
    layers: layerSummaries(resources),
    bottlenecks: bottlenecks(inputs.applications.filter((a) => visible(a.tenantId)), resources.filter((r) => projectable.has(r))),
  });
}

function layerSummaries(resources: readonly management.ResourceUtilization[]): management.LayerUtilization[] {
  const layers = [...new Set(resources.map((r) => r.layer))].sort((a, b) => a - b);
  return layers.map((layer) => {
    const of = resources.filter((r) => r.layer === layer);
    const busiest = of.reduce((a, b) => (b.utilizationPercent > a.utilizationPercent ? b : a));
    const soonest = earliest(of);
    return management.LayerUtilization.fromPartial({
      layer, resources: of.length, meanPercent: of.reduce((sum, r) => sum + r.utilizationPercent, 0) / of.length,
      maxPercent: busiest.utilizationPercent, busiestResourceId: busiest.resourceId, timeToExhaustionNs: soonest?.timeToExhaustionNs ?? 0n,
    });
  });
}

/** The resource projected to be exhausted first, if any is. */
function earliest(resources: readonly management.ResourceUtilization[]): management.ResourceUtilization | undefined {
  return resources.filter((r) => r.exhaustionProjected).sort((a, b) => (a.timeToExhaustionNs < b.timeToExhaustionNs ? -1 : 1))[0];
}

function bottlenecks(applications: readonly ApplicationReach[], resources: readonly management.ResourceUtilization[]): management.ApplicationBottleneck[] {
  const out: management.ApplicationBottleneck[] = [];
  for (const app of applications) {
    const reached = resources.filter((r) => app.nodeIds.has(r.resourceId));
    if (reached.length === 0) continue;
    const first = earliest(reached) ?? reached.reduce((a, b) => (b.utilizationPercent > a.utilizationPercent ? b : a));
    out.push(management.ApplicationBottleneck.fromPartial({
      tenantId: app.tenantId, applicationId: app.applicationId, layer: first.layer, resourceId: first.resourceId,
      utilizationPercent: first.utilizationPercent, timeToExhaustionNs: first.timeToExhaustionNs,
    }));
  }
  return out.sort((a, b) => a.tenantId.localeCompare(b.tenantId) || a.applicationId.localeCompare(b.applicationId));
}

