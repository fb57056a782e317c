import { status } from "@grpc/grpc-js";
import { connect, type ClientAuth, type StrataError } from "@strata/sdk/client";
import { management } from "@strata/sdk/contracts";
import { mintTestToken } from "@strata/sdk/testing";
import type { RunningVendor } from "@strata/sdk/vendor-cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../hub/fixtures/eventually.js";
import { startStack, type ProvisionedStack } from "../../stack/run-stack.js";
import { runWorkload } from "../../stack/run-workload.js";
import { loadStackConfig, type StackConfig } from "../../stack/stack-config.js";
import { manageStack } from "./manage-stack.js";

const SERVICES = {
  capacity: management.CapacityServiceService,
  chargeback: management.ChargebackServiceService,
  performance: management.PerformanceServiceService,
  assurance: management.AssuranceServiceService,
} as const;
const codeOf = (p: Promise<unknown>) => p.then(() => status.OK, (e: StrataError) => e.code);

/** The default stack, small and quick: two tenants, short settle and intervals, a one-second workload. */
const CONFIG: StackConfig = {
  ...loadStackConfig(),
  sampleIntervalMs: 100,
  settleMs: 500,
  tenants: [{ id: "tenant-a", applications: ["shop"] }, { id: "tenant-b", applications: ["bank"] }],
  workload: { rate: 0, durationSeconds: 1.5, concurrency: 2, devicesPerApplication: 1, payloadBytes: 64 },
};

describe("manageStack()", () => {
  let stack: ProvisionedStack;
  let manage: RunningVendor;
  const clients: Array<{ close(): void }> = [];
  const as = (auth: ClientAuth) => {
    const client = connect(manage.addresses[0]!, { services: SERVICES, auth, timeoutMs: 10_000 });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    stack = await startStack(CONFIG, { hubBackoff: { initialMs: 50, maxMs: 400 } });
    manage = await manageStack(stack, "127.0.0.1:0", ["--period-seconds", "1", "--grace-seconds", "1", "--tools", "capacity", "chargeback", "performance", "assurance"]);
    await runWorkload({
      deviceAddress: stack.endpoints.device.address, applications: stack.applications,
      authOf: (t) => stack.credentials.tenant(t), workload: CONFIG.workload,
    });
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await manage?.stop();
    await stack?.stop();
  }, 30_000);

  it("should be ready once its tools follow the stack's hub, and serve each application's bottleneck, baselines and charges", async () => {
    const operator = as(stack.credentials.operator);
    await eventually(async () => ((await operator.identity.probe({})).ready ? true : undefined), 20_000, "a ready probe");
    expect((await operator.capacity.getCapacityReport(management.GetCapacityReportRequest.fromPartial({}))).projectionModel).not.toBe("");
    const apps = stack.applications.map((a) => `${a.tenantId}/${a.applicationId}`).sort();
    const bottlenecked = await eventually(async () => {
      const { bottlenecks } = await operator.capacity.getCapacityReport(management.GetCapacityReportRequest.fromPartial({}));
      const seen = [...new Set(bottlenecks.map((b) => `${b.tenantId}/${b.applicationId}`))].sort();
      return apps.every((a) => seen.includes(a)) ? seen : undefined;
    }, 20_000, "a bottleneck of every application");
    expect(bottlenecked).toEqual(apps);
    for (const { tenantId, applicationId } of stack.applications) {
      const { baselines } = await eventually(() => operator.performance.listBaselines(management.ListBaselinesRequest.fromPartial({ tenantId, applicationId })), 20_000, `baselines of ${applicationId}`);
      expect(baselines.length).toBeGreaterThan(0);
    }
    const charged = await eventually(async () => {
      const tenants = new Set<string>();
      const { periods } = await operator.chargeback.listPeriods(management.ListPeriodsRequest.fromPartial({}));
      for (const period of periods) {
        const report = await operator.chargeback.getChargebackReport(management.GetChargebackReportRequest.fromPartial({ periodStartTimeUnixNano: period.startTimeUnixNano }));
        for (const t of report.tenants) tenants.add(t.tenantId);
      }
      return tenants.size === 2 ? [...tenants].sort() : undefined;
    }, 20_000, "charges of both tenants");
    expect(charged).toEqual(["tenant-a", "tenant-b"]);

    const tenantA = as(await stack.credentials.tenant("tenant-a"));
    const sla = management.Sla.fromPartial({ applicationId: "shop", percentile: 99, latencyTargetNs: 500_000_000n, priority: management.SlaPriority.SLA_PRIORITY_CRITICAL });
    const set = await tenantA.assurance.setSla(management.SetSlaRequest.fromPartial({ sla }));
    expect(set.sla).toMatchObject({ tenantId: "tenant-a", applicationId: "shop" });
    expect((await operator.assurance.listSlas(management.ListSlasRequest.fromPartial({}))).slas.map((s) => `${s.tenantId}/${s.applicationId}`)).toEqual(["tenant-a/shop"]);

  }, 60_000);

  it("should authenticate with the stack's JWT and hold a tenant to its own", async () => {
    const tenantA = as(await stack.credentials.tenant("tenant-a"));
    const own = await tenantA.capacity.getCapacityReport(management.GetCapacityReportRequest.fromPartial({}));
    expect(new Set(own.bottlenecks.map((b) => b.tenantId))).toEqual(new Set(["tenant-a"]));
    const tenantB = as(await stack.credentials.tenant("tenant-b"));
    expect(await codeOf(tenantB.capacity.getCapacityReport(management.GetCapacityReportRequest.fromPartial({ tenantIds: ["tenant-a"] })))).toBe(status.PERMISSION_DENIED);
    expect(await codeOf(tenantB.performance.listBaselines(management.ListBaselinesRequest.fromPartial({ applicationId: "shop" })))).toBe(status.NOT_FOUND);
    const forged = as({ token: await mintTestToken("not-the-stack-secret", "tenant-a", ["operator"]) });
    expect(await codeOf(forged.chargeback.listPeriods(management.ListPeriodsRequest.fromPartial({})))).toBe(status.UNAUTHENTICATED);
  });

  it("should stop serving, and stop its tools, when stopped", async () => {
    await manage.stop();
    const after = as(stack.credentials.operator);
    expect(await codeOf(after.chargeback.listPeriods(management.ListPeriodsRequest.fromPartial({})))).toBe(status.UNAVAILABLE);
  });
});
