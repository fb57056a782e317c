import type { StrataError } from "@strata/sdk/client";
import { core, rpc, telemetry, topology } from "@strata/sdk/contracts";
import { StreamReader } from "@strata/sdk/testing";
import { collectStream } from "../helpers/collect-stream.js";
import { describeError } from "../helpers/describe-error.js";
import { CHANGE_WAIT_MS } from "../helpers/topology-expect.js";
import { edgeName, topologyIds } from "../helpers/topology-view.js";
import { probePages } from "../helpers/probe-pages.js";
import { resolveTenantId } from "../helpers/resolve-tenant-id.js";
import { walkPages } from "../helpers/walk-pages.js";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import { checkEachLayer } from "../registry/check-registry.js";
import type { LookupProbe } from "../registry/layer-probes.js";
import type { LayerCheckContext } from "../runner/check-context.js";

const { Code } = rpc;
const Reason = core.ErrorReason;

/** The lookups the endpoint offers: those of an undeclared feature are left out. */
const lookups = (t: LayerCheckContext): LookupProbe[] => t.module.lookupProbes.filter((p) => (p.requires ?? []).every((f) => t.has(f)));

/** The message of a NOT_FOUND with the id it names replaced, to compare shapes. */
/** An error as a caller can tell it apart: code, reason, message and ErrorInfo metadata, the id addressed spelled "<id>". */
const shapeOf = (error: StrataError, id: string) => {
  const metadata = Object.entries(error.metadata).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => `${key}=${value}`).join(", ");
  return `${error.code} ${error.reasonName} ${error.message} {${metadata}}`.replaceAll(id, "<id>");
};

checkEachLayer("Tenant B cannot reach tenant A's resource: every lookup answers NOT_FOUND, exactly as for an id that does not exist [tenancy]",
  { covers: ["CORE-TEN-3", "CORE-TEN-4", "CORE-TEN-5", "CORE-ERR-1", "CORE-ERR-2"] }, async (t) => {
    const { driver } = t.module;
    const noun = driver.resourceKind;
    const resource = await driver.create(t, { stem: "tenant-a" });
    const before = await driver.snapshot(t, resource);
    for (const probe of lookups(t)) {
      const absent = t.absentId();
      const [foreign, control] = await Promise.allSettled([probe.call(t.tenantB, resource.id), probe.call(t.tenantB, absent)]);
      if (foreign.status === "fulfilled") {
        return t.fail(`tenant B reached tenant A's ${noun} through ${probe.rpc} (it answered OK); the standard requires NOT_FOUND, exactly as for a ${noun} that does not exist`);
      }
      const error = await t.expectCode(Promise.reject(foreign.reason), Code.NOT_FOUND, `${probe.rpc} by tenant B of tenant A's ${noun}`,
        Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
      const missing = await t.expectCode(control.status === "fulfilled" ? Promise.resolve(control.value) : Promise.reject(control.reason),
        Code.NOT_FOUND, `${probe.rpc} of a ${noun} that does not exist`, Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
      t.equal(shapeOf(error, resource.id), shapeOf(missing, absent),
        `${probe.rpc}: tenant B's answer for tenant A's ${noun} differs from the answer for a ${noun} that does not exist, which reveals that it exists`);
    }
    t.equal(await driver.snapshot(t, resource), before, `tenant B's calls changed tenant A's ${noun}`);
  });

checkEachLayer("Tenant B's lists never include tenant A's items [tenancy] [pagination]", { covers: ["CORE-TEN-3", "CORE-TEN-8"] }, async (t) => {
  for (const probe of t.module.listProbes) {
    if (!probe.populate) continue; // shared things (a layer's pools) every tenant sees
    const { ids, scope } = await probe.populate(t);
    for (const [how, narrowed] of [["", undefined], [" narrowed as tenant A's walk was", scope]] as const) {
      if (how !== "" && narrowed === undefined) continue;
      const served = await walkPages(t, `${probe.rpc} by tenant B${how}`, probePages(probe, t.tenantB, narrowed));
      const leaked = served.filter((id) => ids.includes(id));
      t.ensure(leaked.length === 0, `tenant B's ${probe.rpc}${how} lists tenant A's ${leaked.join(", ")}; a tenant lists only its own`);
    }
  }
});

checkEachLayer("Subscribe by tenant B naming tenant A answers PERMISSION_DENIED [tenancy] [telemetry]", { covers: ["CORE-TEN-1", "CORE-TEN-6", "CORE-ERR-7"] }, async (t) => {
  const tenantA = await resolveTenantId(t, "tenantA");
  for (const mode of [telemetry.Mode.MODE_ONCE, telemetry.Mode.MODE_STREAM]) {
    const stream = t.tenantB.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({ mode, selector: { tenantIds: [tenantA], includeRecords: true } }));
    // A stream that wrongly opens has leaked on its first message: no need to wait for more.
    await t.expectCode(collectStream(stream, { until: () => true, signal: t.signal, timeoutMs: t.config.timeoutMs / 2 }), Code.PERMISSION_DENIED,
      `TelemetryService.Subscribe (${telemetry.modeToJSON(mode)}) by tenant B with selector.tenant_ids = [tenant A]`, Reason.ERROR_REASON_TENANT_MISMATCH);
  }
});

checkEachLayer("GetTopology and WatchTopology by tenant B naming tenant A answer PERMISSION_DENIED, and B's graph holds none of A's nodes [tenancy] [topology]",
  { covers: ["CORE-TEN-6", "TOPO-VIS-1", "TOPO-VIS-3"] }, async (t) => {
    const resource = await t.module.driver.create(t, { stem: "tenant-a" });
    const tenantA = await resolveTenantId(t, "tenantA");
    await t.expectCode(t.tenantB.topology.getTopology(topology.GetTopologyRequest.fromPartial({ tenantIds: [tenantA] })), Code.PERMISSION_DENIED,
      "TopologyService.GetTopology by tenant B with tenant_ids = [tenant A]", Reason.ERROR_REASON_TENANT_MISMATCH);
    const watch = t.tenantB.topology.watchTopology(topology.WatchTopologyRequest.fromPartial({ tenantIds: [tenantA] }));
    await t.expectCode(collectStream(watch, { until: () => true, signal: t.signal, timeoutMs: t.config.timeoutMs / 2 }), Code.PERMISSION_DENIED,
      "TopologyService.WatchTopology by tenant B with tenant_ids = [tenant A]", Reason.ERROR_REASON_TENANT_MISMATCH);
    const graph = await t.expectCode(t.tenantB.topology.getTopology(topology.GetTopologyRequest.fromPartial({})), Code.OK, "TopologyService.GetTopology by tenant B");
    const leaked = graph.nodes.filter((n) => n.tenantId === tenantA || n.id === resource.id).map((n) => `${n.kind} ${n.id}`);
    t.ensure(leaked.length === 0, `tenant B's topology holds tenant A's nodes: ${leaked.join(", ")}; a tenant sees only its own and shared nodes`);
    const edges = graph.edges.filter((e) => e.fromId === resource.id || e.toId === resource.id);
    t.ensure(edges.length === 0, `tenant B's topology holds ${edges.length} edges of tenant A's ${t.module.driver.resourceKind} ${resource.id}`);
  });

checkEachLayer("The operator reaches every tenant's resources through the layer's reads [tenancy] [operator]", { covers: ["CORE-TEN-2"] }, async (t) => {
  const { driver } = t.module;
  const reads = lookups(t).filter((p) => p.ownerRead);
  if (reads.length === 0) t.skip(`the ${t.module.name} module names no read of a ${driver.resourceKind} its owner gets OK for`);
  const [ofA, ofB] = await Promise.all([driver.create(t, { stem: "op-a" }), driver.create(t, { stem: "op-b", as: t.tenantB })]);
  for (const [owner, resource] of [["A", ofA], ["B", ofB]] as const) {
    for (const probe of reads) {
      await t.expectCode(probe.call(t.operator, resource.id), Code.OK, `${probe.rpc} by the operator of tenant ${owner}'s ${driver.resourceKind}`);
    }
  }
});

checkEachLayer("Tenant B's live WatchTopology never carries tenant A's changes [tenancy] [topology] [watch]",
  { covers: ["TOPO-VIS-1", "CORE-TEN-3"] }, async (t) => {
    const { driver } = t.module;
    const watch = new StreamReader(t.tenantB.topology.watchTopology(topology.WatchTopologyRequest.fromPartial({ heartbeatIntervalNs: 200_000_000n })));
    t.track(() => watch.cancel(), "cancel tenant B's watch");
    const snapshotted = await watch.waitFor(() => watch.messages.some((m) => m.snapshot), CHANGE_WAIT_MS, t.signal);
    t.ensure(snapshotted, `tenant B's WatchTopology sent no snapshot within ${CHANGE_WAIT_MS} ms${watch.error ? ` (${describeError(watch.error)})` : ""}; it starts with one`);
    const applicationOfA = uniqueApplicationId(t, "watch-a");
    const ofA = await driver.create(t, { stem: "watch-a", applicationId: applicationOfA });
    const tenantA = ofA.tenantId || await resolveTenantId(t, "tenantA");
    await t.expectCode(driver.delete(t.tenantA, ofA.id), Code.OK, `${driver.rpcs.delete} ${ofA.id} by tenant A`);
    // Tenant B's own change fences the watch: every change of tenant A's came before it.
    const fence = await driver.create(t, { stem: "watch-b", as: t.tenantB, applicationId: uniqueApplicationId(t, "watch-b") });
    const fenced = await watch.waitFor(() => watch.messages.some((m) => m.change?.node?.id === fence.id), CHANGE_WAIT_MS, t.signal);
    if (watch.error) t.fail(`tenant B's WatchTopology failed: ${describeError(watch.error)}`);
    t.ensure(fenced, `tenant B's WatchTopology never sent the UPSERT of its own ${driver.resourceKind} ${fence.id} within ${CHANGE_WAIT_MS} ms; every change a watcher may see reaches it`);

    const foreignIds = new Set([ofA.id, topologyIds.tenant(tenantA), topologyIds.application(tenantA, applicationOfA)]);
    for (const message of watch.messages.filter((m) => m.change)) {
      const { node, edge, type } = message.change!;
      const touched = node ? [node.id] : edge ? [edge.fromId, edge.toId] : [];
      const leak = touched.find((id) => foreignIds.has(id)) ?? (node && node.tenantId === tenantA ? node.id : undefined);
      t.ensure(leak === undefined, `tenant B's live watch carried the ${topology.changeTypeToJSON(type).replace("CHANGE_TYPE_", "")} of `
        + `${node ? `node ${node.id}` : `edge ${edgeName(edge!)}`} (revision ${message.revision}), tenant A's; a tenant's watch carries only its own and shared nodes, and edges between them`);
    }
  });
