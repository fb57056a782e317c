import { compute, type COMPUTE_SERVICES } from "@strata/sdk/compute";
import type { StrataClients } from "@strata/sdk/client";
import { core, telemetry } from "@strata/sdk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../hub/fixtures/eventually.js";
import { HubStack } from "../../hub/fixtures/hub-stack.js";
import { connectHub } from "../hub/connect-hub.js";
import { createChargeback, type Chargeback } from "./create-chargeback.js";
import type { Ledger } from "./create-ledger.js";
import { testEngines, type TestDatabase } from "./fixtures/test-databases.js";

const PERIOD_NS = 1_000_000_000n;
const GRACE_NS = 30_000_000_000n;
const OPERATOR = { tenant: "ops", roles: ["operator"] };
const nowNs = () => BigInt(Date.now()) * 1_000_000n;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the hub's records add up to per period, tenant and item, counted here without the tool's code. */
function countIndependently(records: readonly telemetry.RequestRecord[], periods: ReadonlySet<bigint>): Map<string, bigint> {
  const totals = new Map<string, bigint>();
  const add = (key: string, n: bigint) => totals.set(key, (totals.get(key) ?? 0n) + n);
  for (const r of records) {
    const period = (r.startTimeUnixNano / PERIOD_NS) * PERIOD_NS;
    if (!periods.has(period)) continue;
    const at = `${period}/${r.tenantId}/${r.applicationId}`;
    if (r.parentSpanId.length === 0) add(`${at}/transactions`, 1n);
    if (r.payloadBytes > 0n) add(`${at}/bytes_moved/${core.layerToJSON(r.layer)}`, r.payloadBytes);
    if ((r.measurements["cpu_time_ns"] ?? 0n) > 0n) add(`${at}/cpu_time_ns`, r.measurements["cpu_time_ns"]!);
  }
  return totals;
}

/** The ledger's lines of those periods in the same keys (bands summed: the count per band is the tool's own split). */
async function ledgerTotals(ledger: Ledger, periods: ReadonlySet<bigint>): Promise<Map<string, bigint>> {
  const totals = new Map<string, bigint>();
  for (const period of periods) {
    for (const l of await ledger.lines(period)) {
      if (l.item === "storage_byte_ns" || l.item === "memory_byte_ns") continue;
      const key = `${period}/${l.tenantId}/${l.applicationId}/${l.item}${l.item === "bytes_moved" ? `/${l.layer}` : ""}`;
      totals.set(key, (totals.get(key) ?? 0n) + l.quantity);
    }
  }
  return totals;
}

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
    const hub = connectHub({ address: stack.hubAddress, auth: OPERATOR });
    let records: telemetry.RequestRecord[] = [];
    await eventually(async () => {
      records = [];
      for await (const event of hub.stream({ mode: telemetry.Mode.MODE_ONCE, selector: { includeRecords: true, excludeSamples: true } })) {
        if (event.type === "batch") records.push(...event.records);
      }
      return (await tool.ledger.cursor("hub"))!.records === BigInt(records.length) ? true : undefined;
    }, 30_000, "the tool to have read every record the hub holds");
    hub.close();
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
