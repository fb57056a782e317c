import { status } from "@grpc/grpc-js";
import type { StrataError } from "@strata/sdk/client";
import { COMPUTE_SERVICES, compute } from "@strata/sdk/compute";
import { core, hub, telemetry } from "@strata/sdk/contracts";
import { storage } from "@strata/sdk/storage";
import type { StrataClients } from "@strata/sdk/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./fixtures/eventually.js";
import { hubCaller, type HubCaller } from "./fixtures/hub-caller.js";
import { HubStack, HUB_SERVICES } from "./fixtures/hub-stack.js";

const { LAYER_COMPUTE: COMPUTE, LAYER_NETWORK: NETWORK, LAYER_STORAGE: STORAGE } = core.Layer;
const codeOf = (p: Promise<unknown>) => p.then(() => status.OK, (e: StrataError) => e.code);

/** Reads the hub's merged stream once (MODE_ONCE): the records a caller may see. */
async function hubRecords(client: StrataClients<typeof HUB_SERVICES>, layers: core.Layer[] = []): Promise<telemetry.RequestRecord[]> {
  const records: telemetry.RequestRecord[] = [];
  const stream = client.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({
    mode: telemetry.Mode.MODE_ONCE, selector: { includeRecords: true, excludeSamples: true, layers },
  }));
  stream.on("data", (m: telemetry.SubscribeResponse) => records.push(...(m.batch?.records ?? [])));
  await new Promise<void>((resolve, reject) => { stream.on("end", resolve); stream.on("error", reject); });
  return records;
}

/** The latest samples of the hub's merged stream a caller may see (MODE_ONCE). */
async function hubSamples(client: StrataClients<typeof HUB_SERVICES>): Promise<telemetry.MetricSample[]> {
  const samples: telemetry.MetricSample[] = [];
  const stream = client.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({ mode: telemetry.Mode.MODE_ONCE, selector: {} }));
  stream.on("data", (m: telemetry.SubscribeResponse) => samples.push(...(m.batch?.samples ?? [])));
  await new Promise<void>((resolve, reject) => { stream.on("end", resolve); stream.on("error", reject); });
  return samples;
}

describe("createHubServer()", () => {
  const stack = new HubStack();
  let operator: StrataClients<typeof HUB_SERVICES> & { hub: HubCaller };
  let tenantA: StrataClients<typeof HUB_SERVICES> & { hub: HubCaller };
  let tenantB: StrataClients<typeof HUB_SERVICES> & { hub: HubCaller };
  let computeA: StrataClients<typeof COMPUTE_SERVICES>;
  let instanceA: string;

  const execute = (seed: string) => computeA.execution.execute(compute.ExecuteRequest.fromPartial({ instanceId: instanceA, hash: { sizeBytes: 64n, seed: Buffer.from(seed) } }));
  /** The newest transaction of tenant A's shop judged after `after` (its count of transactions so far). */
  const nextTransaction = (after: number, incompleteOnly = false) => eventually(async () => {
    const { transactions } = await operator.hub.listTransactions({ application: { tenantId: "tenant-a", applicationId: "shop" }, incompleteOnly });
    return transactions.length > after ? transactions[0] : undefined;
  }, 15_000, "a judged transaction");
  const countOf = async (incompleteOnly = false) =>
    (await operator.hub.listTransactions({ application: { tenantId: "tenant-a", applicationId: "shop" }, incompleteOnly })).transactions.length;

  beforeAll(async () => {
    await stack.start();
    const withCaller = (clients: StrataClients<typeof HUB_SERVICES>) => Object.assign(clients, { hub: hubCaller(clients) });
    operator = withCaller(stack.hubClient("ops", ["operator"]));
    tenantA = withCaller(stack.hubClient("tenant-a"));
    tenantB = withCaller(stack.hubClient("tenant-b"));
    computeA = stack.computeClient("tenant-a");
    const { instance } = await computeA.instances.createInstance(compute.CreateInstanceRequest.fromPartial({
      name: "web-1", workload: { applicationId: "shop" }, vcpuCount: 1, memoryBytes: 64n << 20n,
    }));
    instanceA = instance!.instanceId;
    await stack.volumeFor("tenant-a");
    await eventually(async () => ((await operator.identity.probe({})).ready ? true : undefined), 10_000, "the hub to be ready");
    // Until every stream synced, the hub was disturbed: what it judges within a settle window after is incomplete.
    await new Promise((resolve) => setTimeout(resolve, 400));
  }, 30_000);

  afterAll(() => stack.stop());

  it("should declare the layers of the endpoints behind it and be ready once every stream is synced", async () => {
    const info = await operator.identity.getInfo({});
    expect(info.layers).toEqual([STORAGE, NETWORK, COMPUTE]);
    const { endpoints } = await operator.hub.listEndpoints({});
    expect(endpoints.map((e) => e.state)).toEqual(Array(3).fill(hub.EndpointState.ENDPOINT_STATE_SYNCED));
    const capabilities = await operator.identity.getCapabilities({});
    expect(capabilities.capabilities.map((c) => c.feature)).toContain(core.Feature.FEATURE_TOPOLOGY_HISTORY);
  });

  it("should stitch one Execute that writes to storage into one complete transaction whose layer shares add up to no more than its latency", async () => {
    const before = await countOf();
    await execute("one");
    const listed = await nextTransaction(before);
    const { transaction } = await tenantA.hub.getTransaction({ traceId: listed.traceId });
    expect(transaction).toMatchObject({ complete: true, incompleteReasons: [], rootLayer: COMPUTE, tenantId: "tenant-a", applicationId: "shop" });
    expect(transaction!.hops.map((h) => h.layer)).toEqual([COMPUTE, STORAGE]);
    expect(transaction!.hops[1]!.parentSpanId).toBe(transaction!.hops[0]!.spanId);
    expect(transaction!.layerShares.map((s) => s.layer)).toEqual([STORAGE, COMPUTE]);
    const shares = transaction!.layerShares.reduce((sum, s) => sum + s.selfNs, 0n);
    expect(shares).toBeLessThanOrEqual(transaction!.durationNs);
    expect(transaction!.durationNs).toBe(transaction!.hops[0]!.durationNs);
    expect(transaction!.criticalPath).toEqual(transaction!.hops.map((h) => h.spanId));

    const breakdown = await tenantA.hub.getLatencyBreakdown({ application: { applicationId: "shop" } });
    expect(breakdown.completeTransactions).toBeGreaterThanOrEqual(1n);
    expect(breakdown.endToEnd!.p50Ns).toBeGreaterThan(0n);
    expect(breakdown.layers.map((l) => l.layer)).toEqual([STORAGE, COMPUTE]);

    // The hub derives per-application samples from what it judged, on its merged stream.
    const derived = await eventually(async () => {
      const samples = await hubSamples(tenantA);
      const latency = samples.filter((x) => x.metric === "strata.hub.transaction.latency" && x.resourceId === "application:tenant-a/shop");
      return latency.length > 0 ? latency : undefined;
    }, 10_000, "the hub's derived latency samples");
    expect(derived[0]).toMatchObject({ layer: COMPUTE, attributes: { layer: "LAYER_COMPUTE" }, tenantId: "tenant-a", applicationId: "shop" });
    expect(derived[0]!.histogram!.count).toBeGreaterThanOrEqual(1n);

    // The merged stream carries both layers' records, and a layer filter follows one layer through the hub.
    const storageRecords = await hubRecords(operator, [STORAGE]);
    expect(storageRecords.some((r) => r.traceId.toString("hex") === listed.traceId)).toBe(true);
    expect(storageRecords.every((r) => r.layer === STORAGE)).toBe(true);
  });

  it("should let a tenant see only its own applications, transactions and records through the hub", async () => {
    await eventually(async () => ((await countOf()) > 0 ? true : undefined));
    const a = await tenantA.hub.listApplications({});
    expect(a.applications.map((x) => `${x.tenantId}/${x.applicationId}`)).toContain("tenant-a/shop");
    const b = await tenantB.hub.listApplications({});
    expect(b.applications.filter((x) => x.tenantId !== "tenant-b")).toEqual([]);
    const { transactions } = await operator.hub.listTransactions({ application: { tenantId: "tenant-a", applicationId: "shop" } });
    expect(await codeOf(tenantB.hub.getTransaction({ traceId: transactions[0]!.traceId }))).toBe(status.NOT_FOUND);
    expect((await tenantB.hub.listTransactions({})).transactions).toEqual([]);
    expect(await codeOf(tenantB.hub.getApplicationTopology({ application: { tenantId: "tenant-a", applicationId: "shop" } }))).toBe(status.PERMISSION_DENIED);
    expect(await codeOf(tenantB.hub.getApplicationTopology({ application: { applicationId: "shop" } }))).toBe(status.NOT_FOUND);
    expect(await codeOf(tenantB.hub.getLatencyBreakdown({ application: { applicationId: "shop" } }))).toBe(status.NOT_FOUND);
    expect(await codeOf(tenantB.hub.listEndpoints({}))).toBe(status.PERMISSION_DENIED);
    expect((await hubRecords(tenantB)).filter((r) => r.tenantId !== "tenant-b")).toEqual([]);
    expect((await hubRecords(tenantA)).some((r) => r.tenantId === "tenant-a")).toBe(true);
  });

  it("should answer an application's graph across layers now and as it was at a past time", async () => {
    const now = await tenantA.hub.getApplicationTopology({ application: { applicationId: "shop" } });
    const layers = new Set(now.nodes.map((n) => n.layer));
    expect(layers.has(STORAGE) && layers.has(COMPUTE)).toBe(true);
    const before = (await operator.identity.getInfo({})) && BigInt(Date.now()) * 1_000_000n;
    const volumeId = await stack.volumeFor("tenant-a", "later");
    const later = await eventually(async () => {
      const graph = await tenantA.hub.getApplicationTopology({ application: { applicationId: "shop" } });
      return graph.nodes.some((n) => n.id === volumeId) ? graph : undefined;
    });
    const past = await tenantA.hub.getApplicationTopology({ application: { applicationId: "shop" }, atTimeUnixNano: before });
    expect(past.nodes.some((n) => n.id === volumeId)).toBe(false);
    expect(past.revision).toBeLessThan(later.revision);
    const atRevision = await tenantA.hub.getApplicationTopology({ application: { applicationId: "shop" }, atRevision: past.revision });
    expect(atRevision.nodes.map((n) => n.id).sort()).toEqual(past.nodes.map((n) => n.id).sort());
    expect(await codeOf(tenantA.hub.getApplicationTopology({ application: { applicationId: "shop" }, atRevision: later.revision + 1000n }))).toBe(status.INVALID_ARGUMENT);
    expect(await codeOf(tenantA.hub.getApplicationTopology({ application: { applicationId: "shop" }, atRevision: 1n, atTimeUnixNano: 1n }))).toBe(status.INVALID_ARGUMENT);
    // Beyond the retained history of the merged graph.
    expect(await codeOf(tenantA.hub.getApplicationTopology({ application: { applicationId: "shop" }, atRevision: 1n }))).toBe(status.OUT_OF_RANGE);
    expect(await codeOf(tenantA.hub.getApplicationTopology({ application: { applicationId: "shop" }, atTimeUnixNano: 1n }))).toBe(status.OUT_OF_RANGE);
  });

  it("should show a layer endpoint stopped and restarted as a gap and incomplete transactions, and recover", async () => {
    const incompleteBefore = await countOf(true);
    await stack.restartStorage(async () => {
      // While storage is down the Execute's write fails: the transaction is judged incomplete (a disturbance went on).
      expect(await codeOf(execute("while-down"))).not.toBe(status.OK);
    });
    const down = await nextTransaction(incompleteBefore, true);
    expect(down.complete).toBe(false);
    expect(down.incompleteReasons).toContain(hub.IncompleteReason.INCOMPLETE_REASON_GAP);
    const endpoint = await eventually(async () => {
      const { endpoints } = await operator.hub.listEndpoints({});
      const storage = endpoints[0]!;
      return storage.restarts >= 1n && storage.state === hub.EndpointState.ENDPOINT_STATE_SYNCED ? storage : undefined;
    }, 15_000, "the storage endpoint to be synced again after its restart");
    expect(endpoint.gaps).toBeGreaterThanOrEqual(1n);
    // Recovered: once a settle window passed, a new transaction across both layers is complete again.
    await stack.volumeFor("tenant-a");
    await new Promise((resolve) => setTimeout(resolve, 400));
    const complete = await eventually(async () => {
      const before = await countOf();
      await execute(`after-${before}`);
      const t = await nextTransaction(before);
      return t.complete ? t : undefined;
    }, 20_000, "a complete transaction after the restart");
    expect(complete.layerShares.map((s) => s.layer)).toEqual([STORAGE, COMPUTE]);
    const breakdown = await operator.hub.getLatencyBreakdown({ application: { tenantId: "tenant-a", applicationId: "shop" } });
    expect(breakdown.incompleteByReason.map((r) => r.reason)).toContain(hub.IncompleteReason.INCOMPLETE_REASON_GAP);
  }, 40_000);

  it("should answer an empty breakdown for an application the merged graph knows without a transaction", async () => {
    await stack.storageClientOf("tenant-b").volumes.createVolume(storage.CreateVolumeRequest.fromPartial({
      name: "idle-data", workload: { applicationId: "idle" }, capacityBytes: 1n << 20n,
    }));
    const breakdown = await eventually(() => tenantB.hub.getLatencyBreakdown({ application: { applicationId: "idle" } }), 10_000, "the idle application's breakdown");
    expect(breakdown).toMatchObject({ application: { tenantId: "tenant-b", applicationId: "idle" }, completeTransactions: 0n, incompleteTransactions: 0n });
    expect(breakdown.endToEnd!.count).toBe(0n);
  });

  it("should refuse malformed HubService requests naming the field", async () => {
    expect(await codeOf(tenantA.hub.getTransaction({ traceId: "xyz" }))).toBe(status.INVALID_ARGUMENT);
    expect(await codeOf(tenantA.hub.getTransaction({ traceId: "0".repeat(32) }))).toBe(status.INVALID_ARGUMENT);
    expect(await codeOf(tenantA.hub.getTransaction({ traceId: "ab".repeat(16) }))).toBe(status.NOT_FOUND);
    expect(await codeOf(tenantA.hub.getLatencyBreakdown({}))).toBe(status.INVALID_ARGUMENT);
    expect(await codeOf(tenantA.hub.getLatencyBreakdown({ application: { applicationId: "shop" }, windowNs: 10n ** 15n }))).toBe(status.OUT_OF_RANGE);
    expect(await codeOf(tenantA.hub.listApplications({ page: { pageSize: -1, pageToken: "" }, tenantIds: [] }))).toBe(status.INVALID_ARGUMENT);
    expect(await codeOf(tenantA.hub.listApplications({ tenantIds: ["tenant-b"] }))).toBe(status.PERMISSION_DENIED);
    const limits = await tenantA.hub.getHubLimits({});
    expect(limits.settleNs).toBe(300_000_000n);
  });
});
