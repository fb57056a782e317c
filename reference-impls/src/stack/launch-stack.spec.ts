import { setTimeout as sleep } from "node:timers/promises";
import { status } from "@grpc/grpc-js";
import { connect, type ClientAuth, type StrataClients } from "@strata/sdk/client";
import { core, hub } from "@strata/sdk/contracts";
import { STORAGE_SERVICES, storage } from "@strata/sdk/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../hub/fixtures/eventually.js";
import { deepestHopShares } from "./fixtures/deepest-hop-shares.js";
import { HUB_CLIENT_SERVICES } from "./hub-report.js";
import { startStack, type ProvisionedStack } from "./run-stack.js";
import { runWorkload, type WorkloadResult } from "./run-workload.js";
import { loadStackConfig, type StackConfig } from "./stack-config.js";

const L = core.Layer;
const SIX_LAYERS = [L.LAYER_STORAGE, L.LAYER_FABRIC, L.LAYER_NETWORK, L.LAYER_COMPUTE, L.LAYER_ACCESS, L.LAYER_DEVICE];
const codeOf = (p: Promise<unknown>) => p.then(() => status.OK, (e: { code: number }) => e.code);

/** A small stack for tests: blockfile (its volumes outlive a restart), short settle and intervals. */
const CONFIG: StackConfig = {
  ...loadStackConfig(),
  layers: { ...loadStackConfig().layers, storage: "blockfile" },
  sampleIntervalMs: 100,
  settleMs: 1000,
  tenants: [{ id: "tenant-a", applications: ["shop"] }, { id: "tenant-b", applications: ["bank"] }],
  workload: { rate: 0, durationSeconds: 1, concurrency: 2, devicesPerApplication: 1, payloadBytes: 64 },
};

describe("launchStack()", () => {
  let stack: ProvisionedStack;
  const clients: Array<{ close(): void }> = [];
  const hubAs = async (auth: Promise<ClientAuth> | ClientAuth) => {
    const client = connect(stack.hubAddress, { services: HUB_CLIENT_SERVICES, auth: await auth });
    clients.push(client);
    return client;
  };
  let operator: StrataClients<typeof HUB_CLIENT_SERVICES>;
  let tenantA: StrataClients<typeof HUB_CLIENT_SERVICES>;
  let tenantB: StrataClients<typeof HUB_CLIENT_SERVICES>;
  const load = (seconds = 1) => runWorkload({
    deviceAddress: stack.endpoints.device.address, applications: stack.applications,
    authOf: (t) => stack.credentials.tenant(t), workload: { ...CONFIG.workload, durationSeconds: seconds },
  });
  /** The hub's judged transaction of a trace the device answered. */
  const judged = (client: StrataClients<typeof HUB_CLIENT_SERVICES>, traceId: string) =>
    eventually(async () => (await client.hub.getTransaction(hub.GetTransactionRequest.fromPartial({ traceId }))).transaction, 15_000, `transaction ${traceId}`);
  let first: WorkloadResult;

  beforeAll(async () => {
    stack = await startStack(CONFIG, { hubBackoff: { initialMs: 50, maxMs: 400 } });
    operator = await hubAs(stack.credentials.operator);
    tenantA = await hubAs(stack.credentials.tenant("tenant-a"));
    tenantB = await hubAs(stack.credentials.tenant("tenant-b"));
    first = await load();
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await stack?.stop();
  }, 30_000);

  it("should start one vendor per layer, each its own process, and keep them alive", () => {
    const pids = new Set(Object.values(stack.endpoints).map((e) => e.process.pid));
    expect(pids.size).toBe(6);
    expect(pids.has(process.pid)).toBe(false);
    expect(stack.deaths).toEqual([]);
    expect(first.ok).toBeGreaterThan(0);
    expect(first.failed).toBe(0);
  });

  it("should stitch each device transaction through all six layers, its hops adding up to no more than the latency the device saw", async () => {
    const seen = first.seen.filter((s) => s.tenantId === "tenant-a").slice(0, 5);
    expect(seen.length).toBeGreaterThan(0);
    let complete = 0;
    for (const { traceId, observedNs, latencyNs } of seen) {
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      const transaction = await judged(tenantA, traceId);
      expect([transaction.rootLayer, transaction.tenantId, transaction.applicationId]).toEqual([L.LAYER_DEVICE, "tenant-a", "shop"]);
      // A busy machine may delay a stream past its heartbeat: the hub then says why, and only that.
      if (!transaction.complete) {
        expect(transaction.incompleteReasons).toEqual([hub.IncompleteReason.INCOMPLETE_REASON_GAP]);
        continue;
      }
      complete++;
      expect(new Set(transaction.hops.map((h) => h.layer))).toEqual(new Set(SIX_LAYERS));
      // The device's record ends just after it takes its latency; its caller waited for both.
      expect(latencyNs).toBeLessThanOrEqual(observedNs);
      expect(transaction.durationNs).toBeLessThanOrEqual(observedNs);
      // The hub's own layer shares (self times: each hop less what its descendants cover within it) add up to no
      // more than what the device's caller waited.
      const hubTotal = transaction.layerShares.reduce((sum, share) => sum + share.selfNs, 0n);
      expect(transaction.layerShares.length).toBeGreaterThanOrEqual(5);
      expect(hubTotal).toBeLessThanOrEqual(observedNs);
      // Every instant of the hops given once, to the deepest hop running then, within the root: no more than the
      // root's own duration either.
      const shares = deepestHopShares(transaction.hops);
      expect([...shares.keys()].length).toBeGreaterThanOrEqual(5); // a hop of a few µs may sit just past the root on its own clock
      const total = [...shares.values()].reduce((sum, ns) => sum + ns, 0n);
      expect(total).toBeLessThanOrEqual(transaction.durationNs);
      expect(total).toBeLessThanOrEqual(observedNs);
    }
    expect(complete).toBeGreaterThan(0);
  });

  it("should answer each application's graph with what the stack created in every layer, to its tenant", async () => {
    const { applications } = await operator.hub.listApplications(hub.ListApplicationsRequest.fromPartial({}));
    const listed = applications.map((a) => `${a.tenantId}/${a.applicationId}`);
    for (const app of stack.applications) {
      expect(listed).toContain(`${app.tenantId}/${app.applicationId}`);
      const caller = app.tenantId === "tenant-a" ? tenantA : tenantB;
      const graph = await eventually(async () => {
        const answer = await caller.hub.getApplicationTopology(hub.GetApplicationTopologyRequest.fromPartial({ application: { applicationId: app.applicationId } }));
        const ids = new Set(answer.nodes.map((n) => n.id));
        return app.resources.every((r) => ids.has(r.id)) ? answer : undefined;
      }, 10_000, `the graph of ${app.applicationId} to hold what was created`);
      for (const resource of app.resources) {
        const node = graph.nodes.find((n) => n.id === resource.id)!;
        expect(core.layerToJSON(node.layer)).toBe(`LAYER_${resource.layer.toUpperCase()}`);
        expect(node.tenantId).toBe(app.tenantId);
      }
    }
  });

  it("should answer an application's graph as it was before a volume was created, at a past time", async () => {
    const before = BigInt(Date.now()) * 1_000_000n;
    await sleep(50);
    const storageA = connect(stack.endpoints.storage.address, { services: STORAGE_SERVICES, auth: await stack.credentials.tenant("tenant-a"), applicationId: "shop" });
    clients.push(storageA);
    const { volume } = await storageA.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({ name: "shop-later", workload: { applicationId: "shop" }, capacityBytes: 1n << 20n }));
    const shop = hub.GetApplicationTopologyRequest.fromPartial({ application: { applicationId: "shop" } });
    const now = await eventually(async () => {
      const graph = await tenantA.hub.getApplicationTopology(shop);
      return graph.nodes.some((n) => n.id === volume!.volumeId) ? graph : undefined;
    }, 10_000, "the new volume in the hub's graph");
    const past = await tenantA.hub.getApplicationTopology({ ...shop, atTimeUnixNano: before });
    expect(past.revision).toBeLessThan(now.revision);
    expect(past.nodes.some((n) => n.id === volume!.volumeId)).toBe(false);
    const created = stack.applications.find((a) => a.applicationId === "shop")!.resources.map((r) => r.id);
    expect(created.filter((id) => !past.nodes.some((n) => n.id === id))).toEqual([]);
  });

  it("should not let tenant B see tenant A's applications or transactions through the hub", async () => {
    const { applications } = await tenantB.hub.listApplications(hub.ListApplicationsRequest.fromPartial({}));
    expect(applications.map((a) => `${a.tenantId}/${a.applicationId}`)).toEqual(["tenant-b/bank"]);
    const shopOfA = { tenantId: "tenant-a", applicationId: "shop" };
    expect(await codeOf(tenantB.hub.getApplicationTopology(hub.GetApplicationTopologyRequest.fromPartial({ application: shopOfA })))).toBe(status.PERMISSION_DENIED);
    expect(await codeOf(tenantB.hub.getApplicationTopology(hub.GetApplicationTopologyRequest.fromPartial({ application: { applicationId: "shop" } })))).toBe(status.NOT_FOUND);
    expect(await codeOf(tenantB.hub.getLatencyBreakdown(hub.GetLatencyBreakdownRequest.fromPartial({ application: { applicationId: "shop" } })))).toBe(status.NOT_FOUND);
    const traceOfA = first.seen.find((s) => s.tenantId === "tenant-a")!.traceId;
    await judged(tenantA, traceOfA);
    expect(await codeOf(tenantB.hub.getTransaction(hub.GetTransactionRequest.fromPartial({ traceId: traceOfA })))).toBe(status.NOT_FOUND);
    const { transactions } = await tenantB.hub.listTransactions(hub.ListTransactionsRequest.fromPartial({}));
    expect(transactions.filter((t) => t.tenantId !== "tenant-b")).toEqual([]);
  });

  it("should show a layer endpoint restarted mid-run as a gap, its transactions incomplete, and recover", async () => {
    const shop = hub.GetLatencyBreakdownRequest.fromPartial({ application: { tenantId: "tenant-a", applicationId: "shop" } });
    const running = load(3);
    await sleep(700);
    await stack.restart("storage", () => sleep(300));
    await running;
    const storageEndpoint = await eventually(async () => {
      const { endpoints } = await operator.hub.listEndpoints(hub.ListEndpointsRequest.fromPartial({}));
      const e = endpoints.find((x) => x.target === stack.endpoints.storage.address)!;
      return e.restarts >= 1n && e.state === hub.EndpointState.ENDPOINT_STATE_SYNCED ? e : undefined;
    }, 20_000, "the storage endpoint synced again after its restart");
    expect(storageEndpoint.gaps).toBeGreaterThanOrEqual(1n);
    const breakdown = await eventually(async () => {
      const b = await operator.hub.getLatencyBreakdown(shop);
      return b.incompleteByReason.some((r) => r.reason === hub.IncompleteReason.INCOMPLETE_REASON_GAP) ? b : undefined;
    }, 15_000, "transactions judged incomplete for the gap");
    expect(breakdown.incompleteTransactions).toBeGreaterThan(0n);
    // Recovered: once a settle window passed, new transactions are complete again.
    // (The fabric's client of storage reconnects with its own backoff, so the first calls after the restart may still fail.)
    await eventually(async () => {
      const after = await load(0.5);
      const last = after.seen.filter((s) => s.tenantId === "tenant-a").at(-1);
      if (!last || after.failed > 0) return undefined;
      return (await judged(operator, last.traceId)).complete ? true : undefined;
    }, 30_000, "a complete transaction of tenant A after the restart");
    expect(stack.deaths).toEqual([]);
  }, 90_000);
});
