import { core, telemetry, topology } from "@strata/sdk/contracts";

/**
 * What a tool depends on at one endpoint, as "<aspect> <subject>" → value:
 * "metric strata.<layer>.io.ops" → "counter unit=1 attributes=[operation] attributed=[tenant_id]".
 */
export type EndpointShape = Map<string, string>;

/** The attribute that marks a tenant's overflow series (docs/telemetry.md, Series cap). */
const OVERFLOW = "strata.overflow";

/**
 * Adds the metric names, kinds, units and attribute keys, and the record
 * operations, of a telemetry stream. Overflow series are left out: whether
 * one exists depends on the load of the moment, not on the vendor.
 */
export function addTelemetryShape(shape: EndpointShape, messages: readonly telemetry.SubscribeResponse[]): void {
  const signatures = new Map<string, Set<string>>();
  const add = (key: string, signature: string) => signatures.set(key, (signatures.get(key) ?? new Set()).add(signature));
  for (const { batch } of messages) {
    for (const sample of batch?.samples ?? []) {
      if (sample.attributes[OVERFLOW] === "true") continue;
      add(`metric ${sample.metric}`, `${kindOf(sample)} unit=${sample.unit} ${keysOf(sample.attributes)} ${attributed(sample)}`);
    }
    for (const record of batch?.records ?? []) {
      add(`record ${core.layerToJSON(record.layer)} ${record.operation}`, `${keysOf(record.attributes)} ${attributed(record)}`);
    }
  }
  for (const [key, values] of signatures) shape.set(key, [...values].sort().join(" | "));
}

/** Adds the node kinds (with layer and attribution) and the relations between kinds of a topology. */
export function addTopologyShape(shape: EndpointShape, graph: topology.GetTopologyResponse): void {
  const kinds = new Map<string, Set<string>>();
  const kindOfNode = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  for (const node of graph.nodes) {
    kinds.set(node.kind, (kinds.get(node.kind) ?? new Set()).add(`layer=${core.layerToJSON(node.layer)} ${attributed(node)}`));
  }
  for (const [kind, values] of kinds) shape.set(`node ${kind}`, [...values].sort().join(" | "));
  for (const edge of graph.edges) {
    const from = kindOfNode.get(edge.fromId) ?? "(unknown node)";
    const to = kindOfNode.get(edge.toId) ?? "(unknown node)";
    shape.set(`relation ${from} ${topology.relationToJSON(edge.relation)} ${to}`, "present");
  }
}

function kindOf(sample: telemetry.MetricSample): string {
  if (sample.counter) return "counter";
  if (sample.gauge) return "gauge";
  return sample.histogram ? "histogram" : "no value";
}

function keysOf(attributes: Record<string, string>): string {
  return `attributes=[${Object.keys(attributes).sort().join(",")}]`;
}

function attributed(item: { tenantId: string; applicationId: string; resourceId?: string }): string {
  const fields = [["tenant_id", item.tenantId], ["application_id", item.applicationId], ["resource_id", item.resourceId]];
  return `attributed=[${fields.filter(([, value]) => value).map(([name]) => name).join(",")}]`;
}
