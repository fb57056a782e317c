import { EventEmitter } from "node:events";
import { status } from "@grpc/grpc-js";
import { connect, type StrataClients, type StrataError } from "@strata/sdk/client";
import { compute } from "@strata/sdk/compute";
import { management } from "@strata/sdk/contracts";
import { mintTestToken } from "@strata/sdk/testing";
import { runVendorCli, type RunningVendor } from "@strata/sdk/vendor-cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../hub/fixtures/eventually.js";
import { HubStack } from "../../hub/fixtures/hub-stack.js";
import { manageEndpoint } from "./manage-endpoint.js";

const SECRET = "manage-test-secret";
const SERVICES = {
  capacity: management.CapacityServiceService,
  chargeback: management.ChargebackServiceService,
  performance: management.PerformanceServiceService,
} as const;
const codeOf = (p: Promise<unknown>) => p.then(() => status.OK, (e: StrataError) => e.code);

describe("manageEndpoint()", () => {
  const stack = new HubStack();
  const signals = new EventEmitter();
  const lines: string[] = [];
  const exits: number[] = [];
  let running: RunningVendor;
  const clients: Array<{ close(): void }> = [];
  const as = async (tenant: string, roles: string[] = [], secret = SECRET): Promise<StrataClients<typeof SERVICES>> => {
    const client = connect(running.addresses[0]!, { services: SERVICES, auth: { token: await mintTestToken(secret, tenant, roles) } });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    await stack.start(300);
    await stack.volumeFor("tenant-a");
    const { instance } = await stack.computeClient("tenant-a").instances.createInstance(compute.CreateInstanceRequest.fromPartial({
      name: "web", workload: { applicationId: "shop" }, vcpuCount: 1, memoryBytes: 64n << 20n,
    }));
    // The endpoint as its command line starts it: JWT for its own callers, development headers for the test's hub.
    running = (await runVendorCli(manageEndpoint(), {
      argv: ["node", "strata manage", "--listen", "127.0.0.1:0", "--hub", stack.hubAddress, "--hub-insecure-dev", "--period-seconds", "1", "--grace-seconds", "1"],
      env: { STRATA_JWT_SECRET: SECRET }, signals, out: (line) => lines.push(line), err: (line) => lines.push(line), exit: (code) => exits.push(code),
    }))!;
    expect(running, lines.join("\n")).toBeDefined();
    const client = stack.computeClient("tenant-a");
    for (let i = 0; i < 20; i++) {
      await client.execution.execute(compute.ExecuteRequest.fromPartial({ instanceId: instance!.instanceId, hash: { sizeBytes: 64n, seed: Buffer.from(`m${i}`) } }));
    }
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await running?.stop();
    await stack.stop();
  }, 30_000);

  it("should be ready once its tools follow the hub, and serve each tool's service through a generated client", async () => {
    expect(lines[0]).toMatch(/^strata manage listening on 127\.0\.0\.1:\d+$/);
    const operator = await as("ops", ["operator"]);
    const identity = connect(running.addresses[0]!, { services: {}, auth: { token: await mintTestToken(SECRET, "ops", ["operator"]) } });
    clients.push(identity);
    await eventually(async () => ((await identity.identity.probe({})).ready ? true : undefined), 20_000, "a ready probe");

    const capacity = await operator.capacity.getCapacityReport(management.GetCapacityReportRequest.fromPartial({}));
    expect(capacity.projectionModel).not.toBe("");
    const baselines = await eventually(async () => (await operator.performance.listBaselines(
      management.ListBaselinesRequest.fromPartial({ tenantId: "tenant-a", applicationId: "shop" }),
    )).baselines, 20_000, "tenant-a's baselines");
    expect(baselines.map((b) => b.percentile)).toEqual(expect.arrayContaining([50, 95, 99]));
    const charged = await eventually(async () => {
      const { periods } = await operator.chargeback.listPeriods(management.ListPeriodsRequest.fromPartial({}));
      for (const period of periods) {
        const report = await operator.chargeback.getChargebackReport(management.GetChargebackReportRequest.fromPartial({ periodStartTimeUnixNano: period.startTimeUnixNano }));
        if (report.tenants.some((t) => t.tenantId === "tenant-a")) return report;
      }
      return undefined;
    }, 20_000, "a period charging tenant-a");
    expect(charged.tenants.find((t) => t.tenantId === "tenant-a")!.lines.map((l) => l.applicationId)).toContain("shop");
  }, 60_000);

  it("should authenticate with the standard JWT and hold a tenant to its own", async () => {
    const tenantB = await as("tenant-b");
    expect(await codeOf(tenantB.performance.listBaselines(management.ListBaselinesRequest.fromPartial({ applicationId: "shop" })))).toBe(status.NOT_FOUND);
    expect(await codeOf(tenantB.capacity.getCapacityReport(management.GetCapacityReportRequest.fromPartial({ tenantIds: ["tenant-a"] })))).toBe(status.PERMISSION_DENIED);
    const forged = await as("tenant-a", [], "another-secret");
    expect(await codeOf(forged.chargeback.listPeriods(management.ListPeriodsRequest.fromPartial({})))).toBe(status.UNAUTHENTICATED);
  });

  it("should stop its tools and exit 0 on SIGTERM", async () => {
    signals.emit("SIGTERM");
    await running.stop();
    await eventually(() => (exits.length > 0 ? exits : undefined), 10_000, "the exit");
    expect(exits).toEqual([0]);
  });
});
