import { Server, ServerCredentials, status } from "@grpc/grpc-js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createInsecureHeaderAuthenticator } from "../auth/insecure-header-authenticator.js";
import { connect, type StrataClients } from "../client/connect.js";
import { core, topology } from "../contracts.js";
import type { StrataError } from "../errors/strata-error.js";
import { adaptService } from "../server/adapt-service.js";
import { createLayerServer, type LayerServer } from "../server/create-layer-server.js";
import { createPageTokens } from "../server/page-tokens.js";
import { createTelemetryRecorder } from "../telemetry/index.js";
import { waitFor } from "../telemetry/testing/wait-for.js";
import { FIXTURE_CATALOGUE } from "../testing/fixture-layer.js";
import { TopologyGraph } from "./topology-graph.js";
import { createTopologyService } from "./topology-service.js";

const { Relation, ChangeType } = topology;
const now = { revision: 0n, atRevision: 0n, atTimeUnixNano: 0n, tenantIds: [] as string[] };

/** Reads a watch until `count` messages arrived, then cancels it. */
function watch(clients: StrataClients, request: Partial<topology.WatchTopologyRequest>, count: number, during?: () => void) {
  const stream = clients.topology.watchTopology(topology.WatchTopologyRequest.fromPartial(request));
  const messages: topology.WatchTopologyResponse[] = [];
  return new Promise<topology.WatchTopologyResponse[]>((resolve, reject) => {
    stream.on("data", (m: topology.WatchTopologyResponse) => {
      messages.push(m);
      if (messages.length === 1) during?.();
      if (messages.length === count) { stream.cancel(); resolve(messages); }
    });
    stream.on("error", (e: { code: number }) => (e.code === status.CANCELLED ? undefined : reject(e)));
  });
}

describe("createTopologyService()", () => {
  let server: LayerServer;
  let graph: TopologyGraph;
  let t1: StrataClients;
  let t2: StrataClients;
  let operator: StrataClients;

  beforeAll(async () => {
    server = createLayerServer({
      catalogue: FIXTURE_CATALOGUE,
      info: { vendor: "Test", product: "topology", version: "1", layers: [FIXTURE_CATALOGUE.layer] },
      capabilities: [core.Feature.FEATURE_TOPOLOGY_HISTORY],
      auth: { insecureDevelopmentMode: true },
      services: [],
    });
    graph = server.topology;
    const address = await server.listen("127.0.0.1:0");
    t1 = connect(address, { auth: { tenant: "t1" } });
    t2 = connect(address, { auth: { tenant: "t2" } });
    operator = connect(address, { auth: { tenant: "ops", roles: ["operator"] } });
    graph.upsertNode({ id: "a-zone-1", kind: "fixture.zone" });
    graph.upsertNode({ id: "r-1", kind: "fixture.resource", tenantId: "t1" });
    graph.upsertNode({ id: "r-2", kind: "fixture.resource", tenantId: "t2" });
    graph.upsertEdge("r-1", "a-zone-1", Relation.RELATION_PLACED_ON);
    graph.upsertEdge("r-2", "a-zone-1", Relation.RELATION_PLACED_ON);
  });

  afterAll(async () => {
    for (const c of [t1, t2, operator]) c.close();
    await server.shutdown();
  });

  it("should count one revision per effective change and none for a repeated upsert", () => {
    const before = graph.revision;
    graph.upsertNode({ id: "a-zone-1", kind: "fixture.zone" });
    graph.upsertEdge("r-1", "a-zone-1", Relation.RELATION_PLACED_ON);
    expect(graph.revision).toBe(before);
    expect(before).toBe(5);
  });

  it("should show a tenant its own and shared nodes, and the operator everything", async () => {
    const mine = await t1.topology.getTopology(now);
    expect(mine.nodes.map((n) => n.id).sort()).toEqual(["a-zone-1", "r-1"]);
    expect(mine.edges).toEqual([{ fromId: "r-1", toId: "a-zone-1", relation: Relation.RELATION_PLACED_ON }]);
    expect((await operator.topology.getTopology(now)).nodes).toHaveLength(3);
    const denied = await t1.topology.getTopology({ ...now, tenantIds: ["t2"] }).catch((e: StrataError) => e);
    expect(denied).toMatchObject({ code: status.PERMISSION_DENIED });
  });

  it("should answer for a past revision, and refuse both a future one and revision with time", async () => {
    const past = await operator.topology.getTopology({ ...now, atRevision: 2n });
    expect(past.revision).toBe(2n);
    expect(past.nodes.map((n) => n.id).sort()).toEqual(["a-zone-1", "r-1"]);
    expect(past.edges).toEqual([]);
    await expect(operator.topology.getTopology({ ...now, atRevision: 999n })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    await expect(operator.topology.getTopology({ ...now, atRevision: 1n, atTimeUnixNano: 1n })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it("should watch: snapshot first, then each visible change in revision order", async () => {
    const messages = await watch(t1, {}, 3, () => {
      graph.upsertNode({ id: "r-3", kind: "fixture.resource", tenantId: "t2" }); // invisible to t1
      graph.upsertNode({ id: "r-4", kind: "fixture.resource", tenantId: "t1" });
      graph.removeNode("r-4");
    });
    expect(messages[0]!.snapshot?.nodes.map((n) => n.id).sort()).toEqual(["a-zone-1", "r-1"]);
    expect(messages[0]!.snapshot?.reset).toBe(false);
    expect(messages.slice(1).map((m) => [m.change?.type, m.change?.node?.id])).toEqual([
      [ChangeType.CHANGE_TYPE_UPSERT, "r-4"], [ChangeType.CHANGE_TYPE_REMOVE, "r-4"],
    ]);
    expect(messages[2]!.revision).toBeGreaterThan(messages[1]!.revision);
  });

  it("should resume a watch after a revision, and reset one from the future", async () => {
    const from = BigInt(graph.revision);
    graph.upsertNode({ id: "r-5", kind: "fixture.resource", tenantId: "t1" });
    const [resumed] = await watch(t1, { sinceRevision: from }, 1);
    expect(resumed!.change?.node?.id).toBe("r-5");
    expect(resumed!.revision).toBe(from + 1n);
    const [reset] = await watch(t1, { sinceRevision: 10_000n }, 1);
    expect(reset!.snapshot?.reset).toBe(true);
  });

  it("should refuse a bad request before a tenant the caller may not name (the order of errors: step 2, then 3)", async () => {
    await expect(t1.topology.getTopology({ ...now, atRevision: 999n, tenantIds: ["t2"] })).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    const error = await watch(t1, { heartbeatIntervalNs: 1_000_000n, tenantIds: ["t2"] }, 1).catch((e: { code: number }) => e);
    expect(error).toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it("should send heartbeats and refuse one faster than 100 ms", async () => {
    const [, heartbeat] = await watch(t1, { heartbeatIntervalNs: 100_000_000n }, 2);
    expect(heartbeat!.heartbeat?.timeUnixNano).toBeGreaterThan(0n);
    const error = await watch(t1, { heartbeatIntervalNs: 1_000_000n }, 1).catch((e: { code: number }) => e);
    expect(error).toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it("should heartbeat a watch asking for 2^31 ms or more as rarely as the timer allows, never every millisecond", async () => {
    const stream = t1.topology.watchTopology(topology.WatchTopologyRequest.fromPartial({ heartbeatIntervalNs: 2n ** 31n * 1_000_000n }));
    const messages: topology.WatchTopologyResponse[] = [];
    stream.on("data", (m: topology.WatchTopologyResponse) => messages.push(m));
    stream.on("error", () => {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    stream.cancel();
    expect(messages.map((m) => (m.snapshot ? "snapshot" : m.heartbeat ? "heartbeat" : "change"))).toEqual(["snapshot"]);
  });
});

describe("createTopologyService() with a slow watcher", () => {
  let server: Server;
  let graph: TopologyGraph;
  let client: StrataClients;

  beforeEach(async () => {
    // Limits.topology_retained_changes = 3: three messages not yet taken by the transport make a watcher slow.
    graph = new TopologyGraph({ retainedChanges: 3 });
    graph.upsertNode({ id: "r-0", kind: "fixture.resource", tenantId: "t1" });
    const registration = createTopologyService(graph, { history: false });
    const { definition, implementation } = adaptService(registration, {
      authenticators: [createInsecureHeaderAuthenticator()],
      onInternalError: (error) => { throw error; },
      telemetry: createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE }),
      pageTokens: createPageTokens(),
      limits: core.Limits.fromPartial({}),
    });
    server = new Server();
    server.addService(definition as never, implementation);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    client = connect(`127.0.0.1:${port}`, { auth: { tenant: "t1" } });
  });

  afterEach(() => {
    client.close();
    server.forceShutdown();
  });

  it("should queue at most the graph's retained changes (Limits.topology_retained_changes) for a watcher, then reset it", async () => {
    const messages: topology.WatchTopologyResponse[] = [];
    const stream = client.topology.watchTopology(topology.WatchTopologyRequest.fromPartial({}));
    stream.on("data", (m: topology.WatchTopologyResponse) => {
      messages.push(m);
      // Ten changes in one turn, none taken by the transport meanwhile.
      if (messages.length === 1) for (let i = 1; i <= 10; i++) graph.upsertNode({ id: `r-${i}`, kind: "fixture.resource", tenantId: "t1" });
    });
    stream.on("error", () => {});
    await waitFor(() => messages.some((m) => m.snapshot?.reset === true), "the reset snapshot");
    stream.cancel();
    const kinds = messages.map((m) => (m.snapshot ? (m.snapshot.reset ? "reset" : "snapshot") : m.change ? "change" : "heartbeat"));
    expect(kinds).toEqual(["snapshot", "change", "change", "change", "reset"]);
  });

  it("should send the reset snapshot once the watcher took what was written, however the writes end", async () => {
    const messages: topology.WatchTopologyResponse[] = [];
    const stream = client.topology.watchTopology(topology.WatchTopologyRequest.fromPartial({}));
    stream.on("data", (m: topology.WatchTopologyResponse) => {
      messages.push(m);
      // Ten changes in one turn: three are written, the rest dropped for a reset.
      if (messages.length === 1) for (let i = 1; i <= 10; i++) graph.upsertNode({ id: `r-${i}`, kind: "fixture.resource", tenantId: "t1" });
    });
    stream.on("error", () => {});
    await waitFor(() => messages.some((m) => m.snapshot?.reset === true), "the reset snapshot");
    stream.cancel();
    const reset = messages.find((m) => m.snapshot?.reset)!;
    expect(reset.revision).toBe(BigInt(graph.revision));
    expect(reset.snapshot!.nodes).toHaveLength(11);
  });

  it("should report in heartbeats the revision the watcher reached, never one whose changes it was not sent", async () => {
    const big = "x".repeat(100_000); // some such changes fill what a paused watcher's client buffers and its flow-control window
    const messages: topology.WatchTopologyResponse[] = [];
    const stream = client.topology.watchTopology(topology.WatchTopologyRequest.fromPartial({ heartbeatIntervalNs: 100_000_000n }));
    stream.on("data", (m: topology.WatchTopologyResponse) => messages.push(m));
    stream.on("error", () => {});
    await waitFor(() => messages.length === 1, "the snapshot");
    stream.pause();
    for (let i = 1; i <= 40; i++) {
      graph.upsertNode({ id: `r-${i}`, kind: "fixture.resource", tenantId: "t1", attributes: { big } });
      await new Promise((resolve) => setTimeout(resolve, 5)); // the transport takes what it can between changes
    }
    await new Promise((resolve) => setTimeout(resolve, 400)); // heartbeats come due while the watcher reads nothing
    stream.resume();
    await waitFor(() => messages.some((m) => m.snapshot?.reset === true), "the reset snapshot");
    stream.cancel();
    let reached = messages[0]!.revision;
    for (const m of messages.slice(1)) {
      if (m.heartbeat) expect(m.revision, "a heartbeat's revision").toBe(reached);
      if (m.change) reached = m.revision;
      if (m.snapshot) break;
    }
    expect(messages.filter((m) => m.heartbeat).length).toBeGreaterThan(0);
  });
});
