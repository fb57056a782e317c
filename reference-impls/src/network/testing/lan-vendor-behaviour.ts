import { status } from "@grpc/grpc-js";
import { connect, type StrataClients, type StrataError } from "@strata/sdk/client";
import { telemetry } from "@strata/sdk/contracts";
import { encodeApplicationFrame, network, NETWORK_SERVICES } from "@strata/sdk/network";
import type { NetworkServer } from "@strata/sdk/network";
import type { AuthOptions } from "@strata/sdk/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type Clients = StrataClients<typeof NETWORK_SERVICES>;
const { FrameKind, Priority } = network;

const codeOf = (p: Promise<unknown>) => p.then(() => status.OK, (e: StrataError) => e.code);

/** A network with endpoints a1, a2 (and more on demand) for one tenant's client. */
async function lan(c: Clients, name: string, endpoints = 2, qosClassIds: string[] = []) {
  const { network: net } = await c.networks.createNetwork({ name, workload: { applicationId: "app", tenantId: "", component: "" }, labels: {} });
  const made: network.Endpoint[] = [];
  for (let i = 0; i < endpoints; i++) {
    const { port } = await c.ports.createPort(network.CreatePortRequest.fromPartial({
      networkId: net!.networkId, name: `p${i}`, workload: { applicationId: "app" }, qosClassId: qosClassIds[i] ?? "",
    }));
    const { endpoint } = await c.endpoints.attachEndpoint({ portId: port!.portId, name: `e${i}`, hostId: `host-${i}`, labels: {} });
    made.push(endpoint!);
  }
  return { net: net!, endpoints: made };
}

/** Collects a Receive stream's datagrams until `count` arrived. */
function receive(c: Clients, networkId: string, endpointId: string, count: number): { done: Promise<network.Datagram[]>; cancel(): void } {
  const stream = c.datagrams.receive({ networkId, endpointId });
  const got: network.Datagram[] = [];
  const done = new Promise<network.Datagram[]>((resolve, reject) => {
    if (count === 0) resolve(got);
    stream.on("data", (m: network.ReceiveResponse) => {
      got.push(...m.datagrams);
      if (got.length >= count) resolve(got);
    });
    stream.on("error", (e: { code?: number }) => (e.code === status.CANCELLED ? resolve(got) : reject(e)));
    stream.on("end", () => resolve(got));
  });
  return { done, cancel: () => stream.cancel() };
}

/** The resources a new stream's initial state has samples of. */
async function sampledResources(c: Clients): Promise<Set<string>> {
  const resources = new Set<string>();
  const stream = c.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({ mode: telemetry.Mode.MODE_ONCE }));
  stream.on("data", (message: telemetry.SubscribeResponse) => message.batch?.samples.forEach((s) => resources.add(s.resourceId)));
  await new Promise<void>((resolve, reject) => { stream.on("end", resolve); stream.on("error", reject); });
  return resources;
}

/**
 * What every reference LAN vendor must do through the kit, run against a
 * vendor's create function: delivery, drops, priority, isolation, QoS
 * shaping and taps, over real gRPC on loopback.
 */
export function describeLanVendor(name: string, create: (options: { auth: AuthOptions }) => Promise<NetworkServer>): void {
  describe(name, () => {
    let server: NetworkServer;
    let a: Clients;
    let b: Clients;

    beforeAll(async () => {
      server = await create({ auth: { insecureDevelopmentMode: true } });
      const address = await server.listen("127.0.0.1:0");
      a = connect(address, { services: NETWORK_SERVICES, auth: { tenant: "tenant-a" }, applicationId: "app" });
      b = connect(address, { services: NETWORK_SERVICES, auth: { tenant: "tenant-b" }, applicationId: "app" });
    });

    afterAll(async () => {
      a.close();
      b.close();
      await server.shutdown(200);
    });

    it("should deliver every datagram, intact and once, with its measured delivery latency", async () => {
      const { net, endpoints: [e0, e1] } = await lan(a, "deliver");
      const payloads = [0, 1, 700, 9000].map((n, i) => Buffer.alloc(n, i + 1));
      const inbox = receive(a, net.networkId, e1!.endpointId, payloads.length);
      for (const payload of payloads) {
        const sent = await a.datagrams.send({ networkId: net.networkId, sourceEndpointId: e0!.endpointId, destinationAddress: e1!.address, payload });
        expect(sent.destinationEndpointId).toBe(e1!.endpointId);
        expect(sent.deliveryLatencyNs).toBeGreaterThan(0n);
      }
      const got = await inbox.done;
      inbox.cancel();
      expect(got.map((d) => d.payload.length)).toEqual(payloads.map((p) => p.length));
      got.forEach((d, i) => expect(d.payload.equals(payloads[i]!)).toBe(true));
      expect(got[0]).toMatchObject({ sourceEndpointId: e0!.endpointId, sourceAddress: e0!.address, destinationAddress: e1!.address, priority: Priority.PRIORITY_NORMAL });
    });

    it("should end the series of a deleted network and its ports: a new stream's initial state names them no more", async () => {
      const { net, endpoints } = await lan(a, "gone");
      const [e0, e1] = endpoints;
      await a.datagrams.send({ networkId: net.networkId, sourceEndpointId: e0!.endpointId, destinationAddress: e1!.address, payload: Buffer.alloc(10) });
      const gone = [net.networkId, ...endpoints.map((e) => e.portId)];
      server.kit.telemetry.flush();
      expect([...await sampledResources(a)].filter((id) => gone.includes(id)).sort()).toEqual([...gone].sort());
      for (const e of endpoints) await a.endpoints.detachEndpoint({ endpointId: e.endpointId });
      for (const e of endpoints) await a.ports.deletePort({ portId: e.portId });
      await a.networks.deleteNetwork({ networkId: net.networkId });
      server.kit.telemetry.flush(); // the interval they went in: their final samples
      server.kit.telemetry.flush();
      expect([...await sampledResources(a)].filter((id) => gone.includes(id))).toEqual([]);
    });

    it("should drop at a full receive queue, answer so, and keep what the queue held", async () => {
      const { net, endpoints: [e0, e1] } = await lan(a, "drops");
      const { port } = await a.ports.getPort({ portId: e1!.portId });
      const capacity = port!.queueCapacityDatagrams;
      const codes = [];
      for (let i = 0; i < capacity + 3; i++) {
        codes.push(await codeOf(a.datagrams.send({ networkId: net.networkId, sourceEndpointId: e0!.endpointId, destinationAddress: e1!.address, payload: Buffer.from([i & 0xff]) })));
      }
      expect(codes.filter((c) => c === status.OK)).toHaveLength(capacity);
      expect(codes.slice(capacity)).toEqual([status.RESOURCE_EXHAUSTED, status.RESOURCE_EXHAUSTED, status.RESOURCE_EXHAUSTED]);
      const inbox = receive(a, net.networkId, e1!.endpointId, capacity);
      expect((await inbox.done).map((d) => d.payload[0])).toEqual(Array.from({ length: capacity }, (_, i) => i & 0xff));
      inbox.cancel();
    });

    it("should deliver a waiting queue in the priority order of the senders' classes", async () => {
      const low = (await a.qosClasses.setQosClass({ qosClass: network.QosClass.fromPartial({ name: "low", workload: { applicationId: "app" }, priority: Priority.PRIORITY_LOW }) })).qosClass!;
      const high = (await a.qosClasses.setQosClass({ qosClass: network.QosClass.fromPartial({ name: "high", workload: { applicationId: "app" }, priority: Priority.PRIORITY_HIGH }) })).qosClass!;
      const { net, endpoints: [fromLow, fromHigh, to] } = await lan(a, "priority", 3, [low.qosClassId, high.qosClassId]);
      for (const [from, tag] of [[fromLow, 1], [fromHigh, 2], [fromLow, 3], [fromHigh, 4]] as const) {
        await a.datagrams.send({ networkId: net.networkId, sourceEndpointId: from!.endpointId, destinationAddress: to!.address, payload: Buffer.from([tag]) });
      }
      const inbox = receive(a, net.networkId, to!.endpointId, 4);
      expect((await inbox.done).map((d) => d.payload[0])).toEqual([2, 4, 1, 3]);
      inbox.cancel();
    });

    it("should keep traffic inside its network and its tenant", async () => {
      const one = await lan(a, "isolated-1");
      const two = await lan(a, "isolated-2");
      const call = (c: Clients, to: string) => codeOf(c.datagrams.send({ networkId: one.net.networkId, sourceEndpointId: one.endpoints[0]!.endpointId, destinationAddress: to, payload: Buffer.from("x") }));
      expect(await call(a, two.endpoints[1]!.address)).toBe(status.NOT_FOUND);
      expect(await call(b, one.endpoints[1]!.address)).toBe(status.NOT_FOUND);
      expect(await codeOf(b.ports.createPort(network.CreatePortRequest.fromPartial({ networkId: one.net.networkId, name: "intruder", workload: { applicationId: "app" } })))).toBe(status.NOT_FOUND);
    });

    it("should shape a class's traffic to its bandwidth", async () => {
      const slow = (await a.qosClasses.setQosClass({ qosClass: network.QosClass.fromPartial({ name: "slow", workload: { applicationId: "app" }, maxBandwidthBytesPerSecond: 100_000n }) })).qosClass!;
      const { net, endpoints: [e0, e1] } = await lan(a, "shaped", 2, [slow.qosClassId]);
      const inbox = receive(a, net.networkId, e1!.endpointId, 40);
      const started = performance.now();
      for (let i = 0; i < 40; i++) await a.datagrams.send({ networkId: net.networkId, sourceEndpointId: e0!.endpointId, destinationAddress: e1!.address, payload: Buffer.alloc(1000) });
      // 40 000 bytes at 100 000 bytes/s: at least the 39 frames after the first wait their turn.
      expect(performance.now() - started).toBeGreaterThanOrEqual(350);
      await inbox.done;
      inbox.cancel();
    });

    it("should mirror traffic to a tap and pair each framed request with its response", async () => {
      const { net, endpoints: [client, service] } = await lan(a, "tapped");
      const { tap } = await a.taps.createTap(network.CreateTapRequest.fromPartial({ name: "mirror", workload: { applicationId: "app" }, selector: { networkIds: [net.networkId] } }));
      const stream = a.taps.streamTap({ tapId: tap!.tapId });
      const records: network.TapRecord[] = [];
      stream.on("data", (m: network.StreamTapResponse) => records.push(...m.records));
      stream.on("error", () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const send = (from: network.Endpoint, to: network.Endpoint, payload: Buffer) =>
        a.datagrams.send({ networkId: net.networkId, sourceEndpointId: from.endpointId, destinationAddress: to.address, payload });
      await send(client!, service!, encodeApplicationFrame({ kind: FrameKind.FRAME_KIND_REQUEST, requestId: 7n, operation: "cart/add", status: 0 }));
      await new Promise((resolve) => setTimeout(resolve, 20));
      await send(service!, client!, encodeApplicationFrame({ kind: FrameKind.FRAME_KIND_RESPONSE, requestId: 7n, operation: "cart/add", status: 0 }));
      await send(client!, service!, Buffer.from("not framed"));
      await b.networks.createNetwork({ name: "elsewhere", workload: { applicationId: "app", tenantId: "", component: "" }, labels: {} });
      await new Promise((resolve) => setTimeout(resolve, 50));
      stream.cancel();
      expect(records.map((r) => [r.sequence, r.frame?.kind ?? 0, r.transaction?.requestId ?? 0n])).toEqual([
        [1n, FrameKind.FRAME_KIND_REQUEST, 0n], [2n, FrameKind.FRAME_KIND_RESPONSE, 7n], [3n, 0, 0n],
      ]);
      const transaction = records[1]!.transaction!;
      expect(transaction).toMatchObject({ operation: "cart/add", clientEndpointId: client!.endpointId, serverEndpointId: service!.endpointId, status: 0 });
      expect(transaction.responseTimeNs).toBeGreaterThanOrEqual(20_000_000n);
      expect(records.every((r) => r.tenantId === "tenant-a" && r.outcome === network.DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED)).toBe(true);
    });
  });
}
