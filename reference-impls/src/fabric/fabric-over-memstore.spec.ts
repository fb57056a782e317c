import { connect, type StrataClients } from "@strata/sdk/client";
import { fabric, FABRIC_SERVICES, type FabricServer } from "@strata/sdk/fabric";
import type { LayerServer } from "@strata/sdk/server";
import { storage, STORAGE_SERVICES } from "@strata/sdk/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemstoreServer } from "../storage/memstore/index.js";
import { createCreditfabricServer } from "./creditfabric/index.js";
import { createDirectfabricServer } from "./directfabric/index.js";
import { retainedRecords } from "@strata/sdk/testing";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const CALLER_SPAN = "b7ad6b7169203331";
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const { PORT_ROLE_INITIATOR, PORT_ROLE_TARGET } = fabric.PortRole;

describe.each([
  ["directfabric", createDirectfabricServer],
  ["creditfabric", createCreditfabricServer],
] as const)("%s in front of memstore", (_, createFabric) => {
  let memstore: LayerServer;
  let fabricServer: FabricServer;
  let tenant: StrataClients<typeof FABRIC_SERVICES & typeof STORAGE_SERVICES>;
  let fabricOperator: StrataClients;
  let storageOperator: StrataClients;
  let volumeId: string;
  let foreignVolumeId: string;
  let initiatorPortId: string;
  let targetPortId: string;

  beforeAll(async () => {
    memstore = await createMemstoreServer({ auth: { insecureDevelopmentMode: true } });
    const storageAddress = await memstore.listen("127.0.0.1:0");
    fabricServer = createFabric({
      auth: { insecureDevelopmentMode: true },
      storageSystems: [{ systemId: "array-1", target: storageAddress, auth: { tenant: "strata-fabric", roles: ["operator"] } }],
    });
    const fabricAddress = await fabricServer.listen("127.0.0.1:0");
    const storageTenant = connect(storageAddress, { services: STORAGE_SERVICES, auth: { tenant: "t1" } });
    const storageOther = connect(storageAddress, { services: STORAGE_SERVICES, auth: { tenant: "t2" } });
    const fabricTenant = connect(fabricAddress, { services: FABRIC_SERVICES, auth: { tenant: "t1" } });
    tenant = { ...storageTenant, ...fabricTenant, close: () => { storageTenant.close(); fabricTenant.close(); } } as typeof tenant;
    fabricOperator = connect(fabricAddress, { auth: { tenant: "ops", roles: ["operator"] } });
    storageOperator = connect(storageAddress, { auth: { tenant: "ops", roles: ["operator"] } });
    const volume = (clients: typeof storageTenant, name: string) => clients.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({
      name, capacityBytes: 1n << 20n, workload: { applicationId: "db" },
    }));
    volumeId = (await volume(storageTenant, "data-1")).volume!.volumeId;
    foreignVolumeId = (await volume(storageOther, "data-2")).volume!.volumeId;
    storageOther.close();
    const port = async (name: string, role: fabric.PortRole, place: string) => (await fabricTenant.fabricPorts.createPort(fabric.CreatePortRequest.fromPartial({
      name, role, workload: { applicationId: "db" }, ...(role === PORT_ROLE_INITIATOR ? { hostId: place } : { systemId: place }),
    }))).port!;
    initiatorPortId = (await port("hba-0", PORT_ROLE_INITIATOR, "inst-1")).portId;
    const target = await port("array-1-port-0", PORT_ROLE_TARGET, "array-1");
    expect(target.storageBound).toBe(true);
    targetPortId = target.portId;
    await fabricTenant.fabricZones.createZone(fabric.CreateZoneRequest.fromPartial({
      name: "z-1", workload: { applicationId: "db" }, initiatorPortIds: [initiatorPortId], targetPortIds: [targetPortId],
    }));
  });

  afterAll(async () => {
    for (const clients of [tenant, fabricOperator, storageOperator]) clients?.close();
    await fabricServer?.shutdown(500);
    await memstore?.shutdown(500);
  });

  it("should write and read a volume through the fabric, the fabric hop and the storage hop two records of one transaction", async () => {
    const metadata = { traceparent: `00-${TRACE}-${CALLER_SPAN}-01` };
    const written = await tenant.transfers.transfer(fabric.TransferRequest.fromPartial({
      initiatorPortId, targetPortId, operation: fabric.FrameOperation.FRAME_OPERATION_WRITE, trafficClass: fabric.TrafficClass.TRAFFIC_CLASS_LOSSLESS,
      volumeId, offsetBytes: 4096n, data: Buffer.from("through the fabric"),
    }), { applicationId: "db-web", metadata });
    expect(written.forwarded).toBe(true);
    const { data } = await tenant.block.read({ volumeId, offsetBytes: 4096n, lengthBytes: 18n });
    expect(Buffer.from(data).toString()).toBe("through the fabric");
    const read = await tenant.transfers.transfer(fabric.TransferRequest.fromPartial({
      initiatorPortId, targetPortId, operation: fabric.FrameOperation.FRAME_OPERATION_READ, volumeId, offsetBytes: 4096n, lengthBytes: 7n,
    }));
    expect(Buffer.from(read.data).toString()).toBe("through");

    const fabricHop = (await retainedRecords(fabricOperator, initiatorPortId)).filter((r) => hex(r.traceId) === TRACE);
    const storageHop = (await retainedRecords(storageOperator, volumeId)).filter((r) => hex(r.traceId) === TRACE);
    expect(fabricHop).toHaveLength(1);
    expect(storageHop).toHaveLength(1);
    expect([fabricHop[0]!.operation, hex(fabricHop[0]!.parentSpanId), fabricHop[0]!.tenantId, fabricHop[0]!.applicationId]).toEqual(["transfer", CALLER_SPAN, "t1", "db-web"]);
    expect([storageHop[0]!.operation, hex(storageHop[0]!.parentSpanId), storageHop[0]!.tenantId, storageHop[0]!.applicationId])
      .toEqual(["write", hex(fabricHop[0]!.spanId), "t1", "db-web"]);
    expect(fabricHop[0]!.durationNs).toBeGreaterThanOrEqual(storageHop[0]!.durationNs);
  });

  it("should answer NOT_FOUND for another tenant's volume, as for one that does not exist, and pass the storage endpoint's refusals on", async () => {
    const write = (volume: string, offsetBytes = 0n) => tenant.transfers.transfer(fabric.TransferRequest.fromPartial({
      initiatorPortId, targetPortId, operation: fabric.FrameOperation.FRAME_OPERATION_WRITE, trafficClass: fabric.TrafficClass.TRAFFIC_CLASS_LOSSLESS,
      volumeId: volume, offsetBytes, data: Buffer.from("x"),
    })).then(() => 0, (error: { code: number }) => error.code);
    expect(await write(foreignVolumeId)).toBe(5);
    expect(await write("vol-absent")).toBe(5);
    expect(await write(volumeId, 1n << 20n)).toBe(11);
  });
});
