import { connect } from "@strata/sdk/client";
import { compute, COMPUTE_SERVICES } from "@strata/sdk/compute";
import { core } from "@strata/sdk/contracts";
import { network, NETWORK_SERVICES } from "@strata/sdk/network";
import type { LayerServer } from "@strata/sdk/server";
import { storage, STORAGE_SERVICES } from "@strata/sdk/storage";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeWritingToStorage } from "../hub/fixtures/compute-writing-to-storage.js";
import { eventually } from "../hub/fixtures/eventually.js";
import { createHubServer } from "../hub/index.js";
import { REFERENCE_VENDORS } from "../reference-vendors.js";
import { createCapacity } from "./capacity/create-capacity.js";
import { createChargeback } from "./chargeback/create-chargeback.js";
import { countIndependently, ledgerTotals, PERIOD_NS, readHubRecordsOnceCaughtUp } from "./chargeback/fixtures/reconcile.js";
import { openPgliteDatabase } from "./chargeback/open-pglite-database.js";
import { createPerformance } from "./performance/create-performance.js";

const DEV = { insecureDevelopmentMode: true };
const OPERATOR = { tenant: "ops", roles: ["operator"] };
const TENANT = { tenant: "tenant-a" };
const PAGE = 64 * 1024;
const PAGES = 40;
const STEP_MS = 100;
const GRACE_NS = 30_000_000_000n;
const text = (totals: Map<string, bigint>) => JSON.stringify([...totals].map(([key, n]) => `${key}=${n}`).sort());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the tools concluded about one stack, in words that name no vendor. */
interface Verdicts {
  bottleneck: string;
  exhaustionProjected: boolean;
  reconciled: boolean;
  chargedItems: string[];
  /** The layer the first anomaly raised after latency was injected into storage names. */
  anomaly: string;
}

/**
 * One scenario on a storage vendor and a LAN vendor behind a hub: tenant A's
 * "shop" fills a thin volume on a ramp and, per step, sends a datagram and
 * runs a unit of work on a compute endpoint that writes to the volume, while
 * the chargeback, capacity and performance tools read the hub; then the
 * volume's QoS (the storage layer's standard SetQosPolicy) caps it at 5 IOPS,
 * so each write waits, until the performance tool flags it. How close the projection
 * comes depends on how steady the machine keeps the ramp: that is the capacity
 * spec's measure; here only what the tools conclude is compared.
 */
async function scenario(storageVendor: string, lanVendor: string): Promise<Verdicts> {
  const scratch = mkdtempSync(join(tmpdir(), "strata-management-swap-"));
  const vendor = (name: string) => REFERENCE_VENDORS.find((v) => v.name === name)!;
  const servers: LayerServer[] = [];
  const db = await openPgliteDatabase();
  try {
    const storageServer = await vendor(storageVendor).create({ auth: DEV, sampleIntervalMs: 200, scratchDir: join(scratch, "storage") });
    const lanServer = await vendor(lanVendor).create({ auth: DEV, sampleIntervalMs: 200, scratchDir: join(scratch, "lan") });
    servers.push(storageServer, lanServer);
    const targets = [await storageServer.listen("127.0.0.1:0"), await lanServer.listen("127.0.0.1:0")];
    let volumeId = "";
    const computeServer = computeWritingToStorage({ auth: DEV, storageAddress: targets[0]!, volumeOf: () => volumeId, sampleIntervalMs: 200 });
    servers.unshift(computeServer);
    targets.push(await computeServer.listen("127.0.0.1:0"));
    // A settle window long enough that a busy machine's late record does not leave a transaction incomplete (out of the latency the performance tool judges).
    const hub = createHubServer({ endpoints: targets.map((target) => ({ target, auth: OPERATOR })), auth: DEV, sampleIntervalMs: 200, stitching: { settleMs: 1000 } });
    servers.unshift(hub);
    const hubConnection = { address: await hub.listen("127.0.0.1:0"), auth: OPERATOR };

    const disks = connect(targets[0]!, { services: STORAGE_SERVICES, auth: TENANT, applicationId: "shop" });
    const lan = connect(targets[1]!, { services: NETWORK_SERVICES, auth: TENANT, applicationId: "shop" });
    const cpu = connect(targets[2]!, { services: COMPUTE_SERVICES, auth: TENANT, applicationId: "shop" });
    const { volume } = await disks.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({
      name: "growing", workload: { applicationId: "shop" }, capacityBytes: BigInt(PAGES * PAGE), provisioning: storage.Provisioning.PROVISIONING_THIN,
    }));
    volumeId = volume!.volumeId;
    const { instance } = await cpu.instances.createInstance(compute.CreateInstanceRequest.fromPartial({
      name: "web", workload: { applicationId: "shop" }, vcpuCount: 1, memoryBytes: 64n << 20n,
    }));
    const { network: net } = await lan.networks.createNetwork(network.CreateNetworkRequest.fromPartial({ name: "shop-lan", workload: { applicationId: "shop" } }));
    const endpoints: network.Endpoint[] = [];
    for (const name of ["front", "back"]) {
      const { port } = await lan.ports.createPort(network.CreatePortRequest.fromPartial({ networkId: net!.networkId, name, workload: { applicationId: "shop" } }));
      endpoints.push((await lan.endpoints.attachEndpoint({ portId: port!.portId, name, hostId: "", labels: {} })).endpoint!);
    }

    let clockOffsetNs = 0n;
    const chargeback = await createChargeback({
      hub: hubConnection, database: db, periodNs: PERIOD_NS, graceNs: GRACE_NS, tickMs: 100, now: () => BigInt(Date.now()) * 1_000_000n + clockOffsetNs,
    });
    const capacity = createCapacity({ hub: hubConnection, trendWindowNs: 3_000_000_000n });
    const raised: Array<{ at: number; layer: core.Layer }> = [];
    const performance = createPerformance({ hub: hubConnection, onAnomaly: (a) => raised.push({ at: Date.now(), layer: a.layer }) });
    await Promise.all([chargeback.synced, capacity.synced, performance.synced]);
    const step = async (page: number) => {
      await disks.block.write(storage.WriteRequest.fromPartial({ volumeId: volume!.volumeId, offsetBytes: BigInt((page % PAGES) * PAGE), data: Buffer.alloc(PAGE, 7) }));
      await lan.datagrams.send({ networkId: net!.networkId, sourceEndpointId: endpoints[0]!.endpointId, destinationAddress: endpoints[1]!.address, payload: Buffer.alloc(64, page) });
      // A transaction across compute and storage: what the performance tool judges.
      await cpu.execution.execute(compute.ExecuteRequest.fromPartial({ instanceId: instance!.instanceId, hash: { sizeBytes: 256n, seed: Buffer.from(`s${page}`) } }));
    };

    const start = Date.now();
    let exhaustionProjected = false;
    let bottleneck = "";
    for (let page = 0; page < PAGES; page++) {
      await sleep(Math.max(0, start + page * STEP_MS - Date.now()));
      await step(page);
      if (page === 15) {
        const report = await capacity.report({ tenantIds: ["tenant-a"] });
        exhaustionProjected = report.resources.find((r) => r.resourceId === volume!.volumeId)!.exhaustionProjected;
        const b = report.bottlenecks.find((x) => x.applicationId === "shop");
        bottleneck = b ? `${core.layerToJSON(b.layer)} ${b.resourceId === volume!.volumeId ? "the filling volume" : b.resourceId}` : "none";
      }
    }

    // The ramp was the performance tool's warm-up (20 intervals of 200 ms). On a busy machine an interval now and then
    // leaves its baseline: the steps go on until no anomaly is open, so that the fault raises one of its own.
    const falsePositives = raised.length;
    for (let page = 0, until = Date.now() + 15_000; performance.tracker.anomalies({ openOnly: true }).length > 0 && Date.now() < until; page++) {
      await step(page);
      await sleep(STEP_MS);
    }
    // Now storage slows down, and the same steps go on.
    const injectedAt = Date.now();
    await disks.qos.setQosPolicy(storage.SetQosPolicyRequest.fromPartial({ policy: { target: { volumeId: volume!.volumeId }, maxIops: 5n } }));
    for (let page = 0; !raised.some((r) => r.at >= injectedAt) && Date.now() < injectedAt + 15_000; page++) {
      await step(page);
      await sleep(STEP_MS);
    }
    const flagged = raised.find((r) => r.at >= injectedAt);
    console.info(`management swap, ${storageVendor} and ${lanVendor}: ${falsePositives} anomalies in the warm-up; storage latency flagged ${flagged ? `after ${flagged.at - injectedAt} ms` : "not within 15 s"}`);

    const records = await readHubRecordsOnceCaughtUp(hubConnection, chargeback.ledger);
    const lastPeriod = (BigInt(Date.now()) * 1_000_000n / PERIOD_NS) * PERIOD_NS;
    clockOffsetNs = GRACE_NS + PERIOD_NS;
    await eventually(async () => ((await chargeback.ledger.period(lastPeriod))?.closed ? true : undefined), 20_000, "the last period to close");
    const closed = new Set((await chargeback.ledger.periods()).filter((p) => p.closed).map((p) => p.start));
    const expected = countIndependently(records, closed);
    const charged = await ledgerTotals(chargeback.ledger, closed);
    await Promise.all([chargeback.stop(), capacity.stop(), performance.stop()]);
    disks.close();
    lan.close();
    cpu.close();
    return {
      bottleneck,
      exhaustionProjected,
      reconciled: expected.size > 0 && text(charged) === text(expected),
      chargedItems: [...new Set([...charged.keys()].map((k) => k.split("/").slice(1).join("/")))].sort(),
      anomaly: flagged ? core.layerToJSON(flagged.layer) : "none within 15 s",
    };
  } finally {
    for (const server of servers) await server.shutdown(200);
    await db.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe("the management tools across a vendor swap", () => {
  it("should reach the same verdicts with memstore and softswitch as with blockfile and udpswitch", async () => {
    const before = await scenario("memstore", "softswitch");
    const after = await scenario("blockfile", "udpswitch");
    expect(before).toEqual({
      bottleneck: "LAYER_STORAGE the filling volume",
      exhaustionProjected: true,
      reconciled: true,
      chargedItems: [
        "tenant-a/shop/bytes_moved/LAYER_COMPUTE", "tenant-a/shop/bytes_moved/LAYER_NETWORK", "tenant-a/shop/bytes_moved/LAYER_STORAGE",
        "tenant-a/shop/cpu_time_ns", "tenant-a/shop/transactions",
      ],
      anomaly: "LAYER_STORAGE",
    });
    expect(after).toEqual(before);
  }, 240_000);
});
