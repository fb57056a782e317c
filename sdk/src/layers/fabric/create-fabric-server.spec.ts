import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type StrataClients } from "../../client/connect.js";
import { telemetry, topology } from "../../contracts.js";
import { StrataError } from "../../errors/strata-error.js";
import { createLayerServer, type LayerServer } from "../../server/create-layer-server.js";
import { dataPathInterceptor } from "../../server/data-path-interceptor.js";
import { defineService } from "../../server/service-registration.js";
import { storage, STORAGE_CATALOGUE } from "../storage/index.js";
import { createFabricServer, type FabricServer } from "./create-fabric-server.js";
import type { Carriage, FabricBackend, Frame } from "./fabric-backend.js";
import { FABRIC_SERVICES } from "./fabric-services.js";
import { fabric } from "./index.js";
import { retainedRecords } from "../../testing/retained-records.js";

const { PORT_ROLE_INITIATOR, PORT_ROLE_TARGET } = fabric.PortRole;
const { FRAME_OPERATION_READ, FRAME_OPERATION_WRITE } = fabric.FrameOperation;
const { TRAFFIC_CLASS_LOSSLESS } = fabric.TrafficClass;
const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** A fabric of one switch whose frames take a millisecond, each hop a quarter of it; it drops the best-effort frames of a 13-byte write. */
function stubBackend(): FabricBackend {
  return {
    linkFor: (role) => ({ speedBytesPerSecond: role === PORT_ROLE_INITIATOR ? 1_000_000 : 2_000_000, bufferFrames: 4 }),
    addPort: async () => {},
    removePort: async () => {},
    pathHops: (i, t) => [
      { hopId: `link:${i.portId}`, kind: fabric.HopKind.HOP_KIND_LINK },
      { hopId: "switch:0", kind: fabric.HopKind.HOP_KIND_SWITCH },
      { hopId: `link:${t.portId}`, kind: fabric.HopKind.HOP_KIND_LINK },
    ],
    async carry(frame: Frame): Promise<Carriage> {
      // The hops below add up to 0.75 ms. A 1 ms timer may fire sooner than 1 ms after it was set (the event loop's
      // clock is read once per turn), so wait 2 ms: the frame's path then takes at least its hops' time.
      await sleep(2);
      if (frame.sizeBytes === 13 && frame.trafficClass !== TRAFFIC_CLASS_LOSSLESS) return { delivered: false, reason: "congestion" };
      return {
        delivered: true,
        retransmissions: frame.trafficClass === TRAFFIC_CLASS_LOSSLESS ? 1 : 0,
        hops: [
          { hopId: `link:${frame.initiator.portId}`, kind: fabric.HopKind.HOP_KIND_LINK, latencyNs: 250_000 },
          { hopId: "switch:0", kind: fabric.HopKind.HOP_KIND_SWITCH, latencyNs: 250_000 },
          { hopId: `link:${frame.target.portId}`, kind: fabric.HopKind.HOP_KIND_LINK, latencyNs: 250_000 },
        ],
      };
    },
  };
}

/** A storage endpoint of one 1 KiB volume of tenant t1, "vol-1", and one of t2, "vol-2", recording its Read and Write. */
async function startStorage(): Promise<{ server: LayerServer; address: string; bytes: Buffer }> {
  const bytes = Buffer.alloc(1024);
  const owners: Record<string, string> = { "vol-1": "t1", "vol-2": "t2" };
  const volume = (id: string) => {
    if (!owners[id]) throw StrataError.notFound("volume", id);
    return storage.Volume.fromPartial({ volumeId: id, capacityBytes: 1024n, workload: { tenantId: owners[id], applicationId: "db" } });
  };
  const resolve = (ctx: Parameters<Parameters<typeof defineService<typeof storage.BlockServiceService>>[1]["read"] & Function>[1], id: string) => {
    const v = volume(id);
    ctx.dataPath!.resolve({ resourceId: id, tenantId: v.workload!.tenantId, applicationId: "db" });
  };
  const server = createLayerServer({
    catalogue: STORAGE_CATALOGUE,
    info: { vendor: "Test", product: "storage-stub", version: "1", layers: [STORAGE_CATALOGUE.layer] },
    auth: { insecureDevelopmentMode: true },
    interceptors: [dataPathInterceptor(storage.BlockServiceService, {
      read: { operation: "read", resourceId: (r) => r.volumeId }, write: { operation: "write", resourceId: (r) => r.volumeId },
    })],
    services: [
      defineService(storage.VolumeServiceService, { getVolume: (request) => ({ volume: volume(request.volumeId) }) }),
      defineService(storage.BlockServiceService, {
        read(request, ctx) {
          resolve(ctx, request.volumeId);
          const end = request.offsetBytes + request.lengthBytes;
          if (end > 1024n) throw StrataError.outOfBounds("length_bytes", "runs past the end of the volume");
          ctx.dataPath!.payloadBytes = Number(request.lengthBytes);
          return { data: bytes.subarray(Number(request.offsetBytes), Number(end)) };
        },
        write(request, ctx) {
          resolve(ctx, request.volumeId);
          Buffer.from(request.data).copy(bytes, Number(request.offsetBytes));
          ctx.dataPath!.payloadBytes = request.data.length;
          return { bytesWritten: BigInt(request.data.length) };
        },
      }),
    ],
  });
  return { server, address: await server.listen("127.0.0.1:0"), bytes };
}

describe("createFabricServer()", () => {
  let lower: Awaited<ReturnType<typeof startStorage>>;
  let server: FabricServer;
  let caller: StrataClients<typeof FABRIC_SERVICES>;
  let other: StrataClients<typeof FABRIC_SERVICES>;
  let operator: StrataClients<typeof FABRIC_SERVICES>;
  let storageOperator: StrataClients;
  let initiatorId: string;
  let sinkId: string;
  let boundId: string;

  const createPort = async (clients: StrataClients<typeof FABRIC_SERVICES>, name: string, role: fabric.PortRole, place: string) => {
    const { port } = await clients.fabricPorts.createPort(fabric.CreatePortRequest.fromPartial({
      name, role, workload: { applicationId: "db" }, ...(role === PORT_ROLE_INITIATOR ? { hostId: place } : { systemId: place }),
    }));
    return port!;
  };

  beforeAll(async () => {
    lower = await startStorage();
    server = createFabricServer({
      info: { vendor: "Test", product: "fabric-kit", version: "1" }, backend: stubBackend(), auth: { insecureDevelopmentMode: true },
      storageSystems: [{ systemId: "array-1", target: lower.address, auth: { tenant: "fabric", roles: ["operator"] } }],
    });
    const address = await server.listen("127.0.0.1:0");
    caller = connect(address, { services: FABRIC_SERVICES, auth: { tenant: "t1" } });
    other = connect(address, { services: FABRIC_SERVICES, auth: { tenant: "t2" } });
    operator = connect(address, { services: FABRIC_SERVICES, auth: { tenant: "ops", roles: ["operator"] } });
    storageOperator = connect(lower.address, { auth: { tenant: "ops", roles: ["operator"] } });
    initiatorId = (await createPort(caller, "hba-0", PORT_ROLE_INITIATOR, "inst-1")).portId;
    sinkId = (await createPort(caller, "sink-0", PORT_ROLE_TARGET, "nowhere")).portId;
    boundId = (await createPort(caller, "array-port-0", PORT_ROLE_TARGET, "array-1")).portId;
    await caller.fabricZones.createZone(fabric.CreateZoneRequest.fromPartial({
      name: "z-1", workload: { applicationId: "db" }, initiatorPortIds: [initiatorId], targetPortIds: [boundId, sinkId, sinkId],
    }));
  });

  afterAll(async () => {
    for (const clients of [caller, other, operator, storageOperator]) clients.close();
    await server.shutdown(500);
    await lower.server.shutdown(500);
  });

  const codeOf = (call: Promise<unknown>) => call.then(() => "OK", (error: StrataError) => `${error.code} ${error.fieldViolations.map((v) => v.field).join(",")}`.trim());

  it("should give ports the backend's links and tell a bound target from a sink, and keep zones as sets", async () => {
    const { port: initiator } = await caller.fabricPorts.getPort({ portId: initiatorId });
    const { port: bound } = await caller.fabricPorts.getPort({ portId: boundId });
    const { port: sink } = await caller.fabricPorts.getPort({ portId: sinkId });
    expect([initiator!.speedBytesPerSecond, initiator!.bufferFrames, initiator!.storageBound]).toEqual([1_000_000n, 4, false]);
    expect([bound!.storageBound, sink!.storageBound]).toEqual([true, false]);
    const { zones } = await caller.fabricZones.listZones(fabric.ListZonesRequest.fromPartial({ portId: sinkId }));
    expect(zones.map((z) => z.targetPortIds)).toEqual([[boundId, sinkId].sort()]);
    expect(await codeOf(caller.fabricZones.createZone(fabric.CreateZoneRequest.fromPartial({
      name: "z-1", workload: { applicationId: "db" }, initiatorPortIds: [initiatorId], targetPortIds: [sinkId, boundId],
    })))).toBe("OK");
    expect(await codeOf(caller.fabricZones.createZone(fabric.CreateZoneRequest.fromPartial({
      name: "z-1", workload: { applicationId: "db" }, initiatorPortIds: [initiatorId], targetPortIds: [sinkId],
    })))).toBe("6");
  });

  it("should refuse a pair no zone lists, a port of the other role and another tenant's port, in the order of docs/fabric.md", async () => {
    const lone = await createPort(caller, "hba-lone", PORT_ROLE_INITIATOR, "inst-2");
    const transfer = (initiatorPortId: string, targetPortId: string, clients = caller) => clients.transfers.transfer(fabric.TransferRequest.fromPartial({
      initiatorPortId, targetPortId, operation: FRAME_OPERATION_WRITE, volumeId: "vol-1", data: Buffer.from("x"),
    }));
    expect(await codeOf(transfer(lone.portId, sinkId))).toBe("9");
    expect(await codeOf(caller.fabricPaths.getPath({ initiatorPortId: lone.portId, targetPortId: sinkId }))).toBe("9");
    expect(await codeOf(transfer(sinkId, initiatorId))).toBe("3 initiator_port_id,target_port_id");
    expect(await codeOf(transfer(initiatorId, sinkId, other))).toBe("5");
    expect(await codeOf(caller.transfers.transfer(fabric.TransferRequest.fromPartial({
      initiatorPortId: initiatorId, targetPortId: sinkId, operation: FRAME_OPERATION_READ, volumeId: "vol-1", data: Buffer.from("x"), lengthBytes: 1n << 40n,
    })))).toBe("3 data,length_bytes");
    expect(await codeOf(caller.fabricPorts.deletePort({ portId: sinkId }))).toBe("9");
  });

  it("should acknowledge frames at a sink, drop and count a best-effort frame, and time each frame's path with its hops within it", async () => {
    const read = await caller.transfers.transfer(fabric.TransferRequest.fromPartial({
      initiatorPortId: initiatorId, targetPortId: sinkId, operation: FRAME_OPERATION_READ, volumeId: "any", lengthBytes: 100n, trafficClass: TRAFFIC_CLASS_LOSSLESS,
    }));
    expect([read.data, read.forwarded, read.retransmissions]).toEqual([Buffer.alloc(100), false, 1]);
    const hopsNs = read.hops.reduce((sum, h) => sum + h.latencyNs, 0n);
    expect(hopsNs).toBe(750_000n);
    expect(read.pathLatencyNs).toBeGreaterThanOrEqual(hopsNs);
    expect(await codeOf(caller.transfers.transfer(fabric.TransferRequest.fromPartial({
      initiatorPortId: initiatorId, targetPortId: sinkId, operation: FRAME_OPERATION_WRITE, volumeId: "any", data: Buffer.alloc(13),
    })))).toBe("8");
    const { path } = await caller.fabricPaths.getPath({ initiatorPortId: initiatorId, targetPortId: sinkId });
    expect([path!.frames, path!.windowNs, path!.hops.map((h) => h.latencyNs)]).toEqual([1n, 10_000_000_000n, [250_000n, 250_000n, 250_000n]]);
    expect(path!.latencyNs).toBe(read.pathLatencyNs);
    server.kit.telemetry.flush();
    const samples: telemetry.MetricSample[] = [];
    const stream = caller.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({ mode: telemetry.Mode.MODE_ONCE, selector: { resourceIds: [sinkId] } }));
    stream.on("data", (message: telemetry.SubscribeResponse) => samples.push(...(message.batch?.samples ?? [])));
    await new Promise<void>((resolve, reject) => { stream.on("end", resolve); stream.on("error", reject); });
    const drops = samples.filter((s) => s.metric === "strata.fabric.target.drops_rate").map((s) => [s.attributes.traffic_class, (s.gauge?.value ?? 0) > 0]);
    expect(drops).toEqual(expect.arrayContaining([["TRAFFIC_CLASS_BEST_EFFORT", true], ["TRAFFIC_CLASS_LOSSLESS", false]]));
    expect(samples.some((s) => s.metric.startsWith("strata.fabric.transfer."))).toBe(false);
  });

  it("should forward to the storage endpoint with the Transfer's trace, the storage record the child of the fabric's", async () => {
    const metadata = { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` };
    const written = await caller.transfers.transfer(fabric.TransferRequest.fromPartial({
      initiatorPortId: initiatorId, targetPortId: boundId, operation: FRAME_OPERATION_WRITE, volumeId: "vol-1", offsetBytes: 10n, data: Buffer.from("strata"),
    }), { applicationId: "db-web", metadata });
    expect(written.forwarded).toBe(true);
    expect(lower.bytes.subarray(10, 16).toString()).toBe("strata");
    const read = await caller.transfers.transfer(fabric.TransferRequest.fromPartial({
      initiatorPortId: initiatorId, targetPortId: boundId, operation: FRAME_OPERATION_READ, volumeId: "vol-1", offsetBytes: 10n, lengthBytes: 6n,
    }));
    expect(Buffer.from(read.data).toString()).toBe("strata");
    const hop = (await retainedRecords(operator, initiatorId)).find((r) => hex(r.traceId) === CALLER_TRACE)!;
    const below = (await retainedRecords(storageOperator, "vol-1")).find((r) => hex(r.traceId) === CALLER_TRACE)!;
    expect([hop.operation, hop.payloadBytes, hop.attributes, Object.keys(hop.measurements).sort()]).toEqual([
      "transfer", 6n, { target_port_id: boundId, traffic_class: "TRAFFIC_CLASS_BEST_EFFORT", command: "write", volume_id: "vol-1" },
      ["path_latency_ns", "retransmissions"],
    ]);
    expect([hex(hop.parentSpanId), hex(below.parentSpanId), below.applicationId, below.tenantId]).toEqual([CALLER_SPAN, hex(hop.spanId), "db-web", "t1"]);
  });

  it("should forward only to the initiator's tenant's volumes, and pass the storage endpoint's refusals on", async () => {
    const write = (volumeId: string, offsetBytes = 0n) => caller.transfers.transfer(fabric.TransferRequest.fromPartial({
      initiatorPortId: initiatorId, targetPortId: boundId, operation: FRAME_OPERATION_WRITE, volumeId, offsetBytes, data: Buffer.from("x"),
    }));
    const foreign = await write("vol-2").catch((e: StrataError) => e);
    const absent = await write("vol-9").catch((e: StrataError) => e);
    expect([(foreign as StrataError).code, (foreign as StrataError).message.replace("vol-2", "<id>")]).toEqual([5, (absent as StrataError).message.replace("vol-9", "<id>")]);
    expect(await codeOf(caller.transfers.transfer(fabric.TransferRequest.fromPartial({
      initiatorPortId: initiatorId, targetPortId: boundId, operation: FRAME_OPERATION_READ, volumeId: "vol-1", offsetBytes: 1000n, lengthBytes: 100n,
    })))).toBe("11 length_bytes");
  });

  it("should connect an initiator to the targets it is zoned to in the topology, while a zone lists the pair", async () => {
    const connects = async () => (await caller.topology.getTopology(topology.GetTopologyRequest.fromPartial({}))).edges
      .filter((e) => e.relation === topology.Relation.RELATION_CONNECTS).map((e) => `${e.fromId}>${e.toId}`).sort();
    const extra = await caller.fabricZones.createZone(fabric.CreateZoneRequest.fromPartial({
      name: "z-2", workload: { applicationId: "db" }, initiatorPortIds: [initiatorId], targetPortIds: [sinkId],
    }));
    expect(await connects()).toEqual([`${initiatorId}>${boundId}`, `${initiatorId}>${sinkId}`].sort());
    await caller.fabricZones.deleteZone({ zoneId: extra.zone!.zoneId });
    expect(await connects()).toHaveLength(2);
    const { zones } = await caller.fabricZones.listZones(fabric.ListZonesRequest.fromPartial({}));
    for (const zone of zones) await caller.fabricZones.deleteZone({ zoneId: zone.zoneId });
    expect(await connects()).toEqual([]);
  });
});
