import { core, rpc, type hub } from "@strata/sdk/contracts";
import { expectInvalidField } from "../helpers/expect-invalid-field.js";
import { pause } from "../helpers/pause.js";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import { check } from "./hub-checks.js";
import { hubOf } from "./hub-services.js";
import { nodeRelayed } from "./relay-wait.js";

const { Code } = rpc;
const idsOf = (answer: hub.GetApplicationTopologyResponse) => answer.nodes.map((n) => n.id).sort();

check("GetApplicationTopology answers the application's graph now, as it was at a past revision and time, and OUT_OF_RANGE before the retained history (once the merged graph has passed it) [hub] [topology] [history]",
  { covers: ["HUB-TOPO-2"] }, async (t) => {
    const asA = hubOf(t.tenantA);
    const applicationId = uniqueApplicationId(t, "hub-history");
    const application = { tenantId: "", applicationId };
    const first = await t.module.driver.create(t, { stem: "hub-history", applicationId });
    const then = await t.expectCode(asA.getApplicationTopology({ application, atRevision: 0n, atTimeUnixNano: 0n }), Code.OK,
      `GetApplicationTopology of ${applicationId} with one ${t.module.driver.resourceKind}`);
    t.ensure(then.nodes.some((n) => n.id === first.id), `GetApplicationTopology of ${applicationId} lacks ${first.id}, its ${t.module.driver.resourceKind} behind the hub`);
    const thenTime = BigInt(Date.now()) * 1_000_000n;
    await pause(20, t.signal);
    const second = await t.module.driver.create(t, { stem: "hub-history", applicationId });
    t.ensure(await nodeRelayed(t, second.id, true), `the hub's graph never showed ${second.id}, created behind it`);
    const now = await t.expectCode(asA.getApplicationTopology({ application, atRevision: 0n, atTimeUnixNano: 0n }), Code.OK, `GetApplicationTopology of ${applicationId} now`);
    t.ensure(now.nodes.some((n) => n.id === second.id), `GetApplicationTopology of ${applicationId} now lacks ${second.id}`);
    const atRevision = await t.expectCode(asA.getApplicationTopology({ application, atRevision: then.revision, atTimeUnixNano: 0n }), Code.OK,
      `GetApplicationTopology of ${applicationId} at revision ${then.revision}`);
    t.equal(idsOf(atRevision), idsOf(then), `GetApplicationTopology of ${applicationId} at revision ${then.revision} must answer the graph as it was then`);
    const atTime = await t.expectCode(asA.getApplicationTopology({ application, atRevision: 0n, atTimeUnixNano: thenTime }), Code.OK,
      `GetApplicationTopology of ${applicationId} at a time before its second ${t.module.driver.resourceKind}`);
    t.equal(idsOf(atTime), idsOf(then), `GetApplicationTopology of ${applicationId} at time ${thenTime} must answer the graph as it was then`);
    // Revision r is outside the history once more than topology_retained_changes changes followed it.
    const retained = BigInt(t.limits.topologyRetainedChanges);
    if (retained === 0n || now.revision <= retained + 1n) {
      return t.log(`the merged graph is at revision ${now.revision} and keeps ${retained} changes: every past revision is within its history, none is OUT_OF_RANGE yet`);
    }
    await t.expectCode(asA.getApplicationTopology({ application, atRevision: 1n, atTimeUnixNano: 0n }), Code.OUT_OF_RANGE,
      `GetApplicationTopology at revision 1, ${now.revision - 1n} changes ago with ${retained} retained`, core.ErrorReason.ERROR_REASON_OUT_OF_BOUNDS);
    await t.expectCode(asA.getApplicationTopology({ application, atRevision: 0n, atTimeUnixNano: 1n }), Code.OUT_OF_RANGE,
      "GetApplicationTopology at 1 ns after the epoch, before the retained history", core.ErrorReason.ERROR_REASON_OUT_OF_BOUNDS);
  });

check("HubService answers each error of its tables: INVALID_ARGUMENT naming the field, PERMISSION_DENIED for ListEndpoints by a tenant, OUT_OF_RANGE for a window beyond the retained breakdown [hub] [errors]",
  { covers: ["CORE-ERR-3", "CORE-ERR-7"] }, async (t) => {
    const asA = hubOf(t.tenantA);
    const applicationId = uniqueApplicationId(t, "hub-errors");
    const noApp = { tenantId: "", applicationId: "" };
    await expectInvalidField(t, asA.getApplicationTopology({ application: undefined, atRevision: 0n, atTimeUnixNano: 0n }), "application.application_id", "GetApplicationTopology without application");
    await expectInvalidField(t, asA.getApplicationTopology({ application: { tenantId: "", applicationId }, atRevision: 1n, atTimeUnixNano: 1n }), "at_time_unix_nano",
      "GetApplicationTopology with both at_revision and at_time_unix_nano");
    await expectInvalidField(t, asA.getApplicationTopology({ application: { tenantId: "", applicationId }, atRevision: 1n << 62n, atTimeUnixNano: 0n }), "at_revision",
      "GetApplicationTopology at a revision above the current one");
    await expectInvalidField(t, asA.getLatencyBreakdown({ application: noApp, windowNs: 0n }), "application.application_id", "GetLatencyBreakdown without application_id");
    await expectInvalidField(t, asA.getTransaction({ traceId: "not-a-trace" }), "trace_id", "GetTransaction of a malformed trace id");
    await expectInvalidField(t, asA.getTransaction({ traceId: "0".repeat(32) }), "trace_id", "GetTransaction of the all-zero trace id");
    await expectInvalidField(t, asA.listApplications({ page: undefined, tenantIds: ["not a tenant id!"] }), "tenant_ids", "ListApplications with a malformed tenant id");
    await t.expectCode(asA.listEndpoints({ page: undefined }), Code.PERMISSION_DENIED, "HubService.ListEndpoints by tenant A", core.ErrorReason.ERROR_REASON_OPERATOR_REQUIRED);
    const { breakdownRetainedNs } = await t.expectCode(asA.getHubLimits({}), Code.OK, "HubService.GetHubLimits by tenant A");
    await t.module.driver.create(t, { stem: "hub-errors", applicationId });
    await t.expectCode(asA.getLatencyBreakdown({ application: { tenantId: "", applicationId }, windowNs: breakdownRetainedNs + 1n }), Code.OUT_OF_RANGE,
      "GetLatencyBreakdown with a window 1 ns longer than breakdown_retained_ns", core.ErrorReason.ERROR_REASON_OUT_OF_BOUNDS);
  });

check("GetHubLimits declares every bound of what the hub holds, and the hub declares FEATURE_TOPOLOGY_HISTORY [hub] [limits]",
  { covers: ["HUB-MEM-1", "HUB-TOPO-2"] }, async (t) => {
    const limits = await t.expectCode(hubOf(t.tenantA).getHubLimits({}), Code.OK, "HubService.GetHubLimits by tenant A");
    const unbounded = Object.entries(limits).filter(([, value]) => value === 0n).map(([name]) => name);
    t.equal(unbounded, [], "GetHubLimits answers 0 for these bounds; a hub bounds what it holds and says each bound");
    t.ensure(limits.breakdownRetainedNs >= limits.breakdownIntervalNs, `GetHubLimits: breakdown_retained_ns ${limits.breakdownRetainedNs} is shorter than one breakdown interval (${limits.breakdownIntervalNs})`);
    t.ensure(t.has(core.Feature.FEATURE_TOPOLOGY_HISTORY), "the hub does not declare FEATURE_TOPOLOGY_HISTORY; a hub keeps the history of its merged graph");
  });
