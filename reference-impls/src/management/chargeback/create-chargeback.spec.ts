import { compute, type COMPUTE_SERVICES } from "@strata/sdk/compute";
import type { StrataClients } from "@strata/sdk/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../hub/fixtures/eventually.js";
import { HubStack } from "../../hub/fixtures/hub-stack.js";
import { createChargeback, type Chargeback } from "./create-chargeback.js";
import { countIndependently, ledgerTotals, PERIOD_NS, readHubRecordsOnceCaughtUp } from "./fixtures/reconcile.js";
import { testEngines, type TestDatabase } from "./fixtures/test-databases.js";

const GRACE_NS = 30_000_000_000n;
const OPERATOR = { tenant: "ops", roles: ["operator"] };
const nowNs = () => BigInt(Date.now()) * 1_000_000n;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testEngines())("createChargeback() on %s", (_engine, open) => {
  const stack = new HubStack();
  let database: TestDatabase;
  const computes: Array<{ client: StrataClients<typeof COMPUTE_SERVICES>; instanceId: string }> = [];
  let running = false;
  let traffic: Promise<void> = Promise.resolve();

  /** Executes on both tenants' instances, one after the other, until stopped. */
  const startTraffic = () => {
    running = true;
    traffic = (async () => {
      for (let i = 0; running; i++) {
        const { client, instanceId } = computes[i % computes.length]!;
        await client.execution.execute(compute.ExecuteRequest.fromPartial({ instanceId, hash: { sizeBytes: 512n, seed: Buffer.from(`x${i}`) } }));
      }
    })();
  };
  const stopTraffic = async () => {
    running = false;
    await traffic;
  };
  // The tools' clock: real time, moved past the grace at the end so that every period closes once the tool has caught up.
  // (Closing while records still travel is the ledger spec's case: here a loaded machine could make records late.)
  let clockOffsetNs = 0n;
  const startTool = () => createChargeback({
    hub: { address: stack.hubAddress, auth: OPERATOR }, database: database.db, periodNs: PERIOD_NS, graceNs: GRACE_NS, tickMs: 100,
    now: () => nowNs() + clockOffsetNs,
  });

  beforeAll(async () => {
    [database] = await Promise.all([open(), stack.start(300)]);
    for (const tenant of ["tenant-a", "tenant-b"]) {
      const client = stack.computeClient(tenant);
      const { instance } = await client.instances.createInstance(compute.CreateInstanceRequest.fromPartial({
        name: "web", workload: { applicationId: "shop" }, vcpuCount: 1, memoryBytes: 64n << 20n,
      }));
      await stack.volumeFor(tenant);
      computes.push({ client, instanceId: instance!.instanceId });
    }
  }, 120_000);

  afterAll(async () => {
    await stopTraffic();
    await stack.stop();
    await database?.dispose();
  });

  it("should reconcile exactly with the hub's records of every closed period, across a restart of the tool mid-period", async () => {
    startTraffic();
    await sleep(500); // records the hub retains before the tool first reads it
    let tool: Chargeback = await startTool();
    await tool.synced;
    await sleep(700);
    await tool.stop(); // mid-period: the next tool resumes from what this one committed
    await sleep(500);
    tool = await startTool();
    await tool.synced;
    await sleep(700);
    await stopTraffic();
    // Every record the hub holds, once the hub has them all and the tool has read as many.
    const records = await readHubRecordsOnceCaughtUp({ address: stack.hubAddress, auth: OPERATOR }, tool.ledger);
    const lastPeriod = (nowNs() / PERIOD_NS) * PERIOD_NS;
    clockOffsetNs = GRACE_NS + PERIOD_NS;
    await eventually(async () => ((await tool.ledger.period(lastPeriod))?.closed ? true : undefined), 20_000, "the last period to close");
    await tool.stop();

    const periods = await tool.ledger.periods();
    const closed = new Set(periods.filter((p) => p.closed).map((p) => p.start));
    expect(closed.size).toBeGreaterThanOrEqual(3);
    expect(periods.map((p) => p.lateRecords)).toEqual(periods.map(() => 0n));
    const expected = countIndependently(records, closed);
    expect([...expected.keys()].some((k) => k.includes("tenant-b/shop/transactions"))).toBe(true);
    expect([...expected.keys()].some((k) => k.endsWith("bytes_moved/LAYER_STORAGE"))).toBe(true);
    expect(Object.fromEntries(await ledgerTotals(tool.ledger, closed))).toEqual(Object.fromEntries(expected));
    // Every record the hub holds was read once: none twice across the restart, none lost.
    expect(await tool.ledger.cursor("hub")).toMatchObject({ records: BigInt(records.length), gaps: 0n });
    // Capacity provisioned was accrued for both tenants' volumes and instances.
    const lines = (await Promise.all([...closed].map((p) => tool.ledger.lines(p)))).flat();
    expect(new Set(lines.filter((l) => l.item === "storage_byte_ns").map((l) => l.tenantId))).toEqual(new Set(["tenant-a", "tenant-b"]));
    expect(lines.some((l) => l.item === "memory_byte_ns")).toBe(true);
  }, 90_000);
});
