import { core, management } from "@strata/sdk/contracts";
import { storage } from "@strata/sdk/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HubStack } from "../../hub/fixtures/hub-stack.js";
import { createCapacity, type Capacity } from "./create-capacity.js";

const OPERATOR = { tenant: "ops", roles: ["operator"] };
const PAGE = 64 * 1024;
const PAGES = 60; // a 3.75 MiB thin volume, filled one 64 KiB page every STEP_MS
const STEP_MS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("createCapacity()", () => {
  const stack = new HubStack();
  let capacity: Capacity;
  let thinId = "";
  let thickId = "";

  beforeAll(async () => {
    await stack.start(300);
    const create = (tenant: string, name: string, capacityBytes: bigint, provisioning: storage.Provisioning) =>
      stack.storageClientOf(tenant).volumes.createVolume(storage.CreateVolumeRequest.fromPartial({ name, workload: { applicationId: "shop" }, capacityBytes, provisioning }));
    thinId = (await create("tenant-a", "growing", BigInt(PAGES * PAGE), storage.Provisioning.PROVISIONING_THIN)).volume!.volumeId;
    thickId = (await create("tenant-b", "reserved", 1n << 20n, storage.Provisioning.PROVISIONING_THICK)).volume!.volumeId;
    capacity = createCapacity({ hub: { address: stack.hubAddress, auth: OPERATOR }, trendWindowNs: 3_000_000_000n });
    await capacity.synced;
  }, 60_000);

  afterAll(async () => {
    await capacity?.stop();
    await stack.stop();
  });

  it("should project a thin volume's exhaustion on a scripted ramp within 10 % of the true time, and name storage as the application's bottleneck", async () => {
    const writer = stack.storageClientOf("tenant-a");
    const start = Date.now();
    let projection: { at: number; exhaustedAt: number; report: management.GetCapacityReportResponse } | undefined;
    for (let page = 0; page < PAGES; page++) {
      // An absolute schedule: a late write does not stretch the ramp, so its end is known from the script.
      await sleep(Math.max(0, start + page * STEP_MS - Date.now()));
      await writer.block.write(storage.WriteRequest.fromPartial({ volumeId: thinId, offsetBytes: BigInt(page * PAGE), data: Buffer.alloc(PAGE, 1) }));
      if (page === 24) {
        const report = await capacity.report();
        const at = Number(report.timeUnixNano / 1_000_000n);
        const volume = report.resources.find((r) => r.resourceId === thinId)!;
        expect(volume.exhaustionProjected).toBe(true);
        projection = { at, exhaustedAt: at + Number(volume.timeToExhaustionNs / 1_000_000n), report };
      }
    }
    const exhaustedAt = Date.now(); // the last page is written: the volume is full
    const error = Math.abs(projection!.exhaustedAt - exhaustedAt) / (exhaustedAt - projection!.at);
    console.info(`capacity projection on a ${PAGES}-page ramp: projected ${projection!.exhaustedAt - projection!.at} ms ahead, true ${exhaustedAt - projection!.at} ms, error ${(error * 100).toFixed(1)} %`);
    expect(error).toBeLessThan(0.1);

    const { report } = projection!;
    expect(report.projectionModel).toBe("theil-sen");
    expect(report.bottlenecks.find((b) => b.tenantId === "tenant-a" && b.applicationId === "shop"))
      .toMatchObject({ layer: core.Layer.LAYER_STORAGE, resourceId: thinId });
    // A thick volume's utilization is its allocation: reported, never projected.
    expect(report.resources.find((r) => r.resourceId === thickId)).toMatchObject({ utilizationPercent: 100, exhaustionProjected: false, kind: "storage.volume" });
  }, 60_000);

  it("should derive a pool's utilization from its volumes and the topology, and keep a tenant's report to its own resources and the shared ones", async () => {
    await sleep(600); // the samples after the last write
    const report = await capacity.report();
    expect(report.resources.find((r) => r.resourceId === thinId)!.utilizationPercent).toBe(100);
    const pool = report.resources.find((r) => r.kind === "storage.pool")!;
    expect(pool).toMatchObject({ metric: "derived", tenantId: "", layer: core.Layer.LAYER_STORAGE });
    expect(pool.utilizationPercent).toBeCloseTo(((PAGES * PAGE + (1 << 20)) / (64 << 20)) * 100, 9);
    expect(report.layers.find((l) => l.layer === core.Layer.LAYER_STORAGE)).toMatchObject({ maxPercent: 100 });

    const own = await capacity.report({ tenantIds: ["tenant-b"] });
    expect(own.resources.map((r) => r.resourceId)).not.toContain(thinId);
    expect(own.resources.map((r) => r.resourceId)).toEqual(expect.arrayContaining([thickId, pool.resourceId]));
    expect(own.bottlenecks.every((b) => b.tenantId === "tenant-b")).toBe(true);
  }, 30_000);
});
