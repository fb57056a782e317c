import { Client, credentials, makeGenericClientConstructor, Metadata, status } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { protoPath as healthProtoPath } from "grpc-health-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type StrataClients } from "../client/connect.js";
import { core } from "../contracts.js";
import * as storage from "../layers/storage/contracts.js";
import { STORAGE_CATALOGUE } from "../layers/storage/storage-catalogue.js";
import { STORAGE_SERVICES } from "../layers/storage/storage-services.js";
import { StrataError } from "../errors/strata-error.js";
import { createLayerServer, type LayerServer } from "./create-layer-server.js";
import { defineService } from "./service-registration.js";

const VOLUME: storage.Volume = storage.Volume.fromPartial({
  volumeId: "vol-1", name: "db", workload: { tenantId: "t1", applicationId: "app" }, capacityBytes: 4096n,
});

describe("createLayerServer()", () => {
  let server: LayerServer;
  let address: string;
  let strata: StrataClients<typeof STORAGE_SERVICES>;
  const internalErrors: unknown[] = [];

  beforeAll(async () => {
    server = createLayerServer({
      catalogue: STORAGE_CATALOGUE,
      info: { vendor: "Test", product: "test-layer", version: "9.9.9", layers: [core.Layer.LAYER_STORAGE] },
      capabilities: [core.Feature.FEATURE_STORAGE_SNAPSHOTS],
      auth: { insecureDevelopmentMode: true },
      onInternalError: (error) => internalErrors.push(error),
      services: [
        defineService(storage.VolumeServiceService, {
          getVolume(request, ctx) {
            if (request.volumeId === "boom") throw new Error("vendor bug");
            if (request.volumeId !== VOLUME.volumeId || ctx.principal.tenantId !== "t1") throw StrataError.notFound("volume", request.volumeId);
            return { volume: VOLUME };
          },
          createVolume: () => ({ volume: VOLUME }),
          listVolumes: (request) => ({ volumes: [], page: { nextPageToken: `size=${request.page?.pageSize}` } }),
        }),
      ],
    });
    address = await server.listen("127.0.0.1:0");
    strata = connect(address, { services: STORAGE_SERVICES, auth: { tenant: "t1" } });
  });

  afterAll(async () => {
    strata.close();
    await server.shutdown();
  });

  it("should serve Identity without credentials, with the spec version filled in", async () => {
    const anonymous = connect(address, { services: STORAGE_SERVICES });
    const info = await anonymous.identity.getInfo({});
    expect(info).toMatchObject({ vendor: "Test", product: "test-layer", version: "9.9.9", specVersion: "0.1.0", layers: [core.Layer.LAYER_STORAGE] });
    const caps = await anonymous.identity.getCapabilities({});
    expect(caps.capabilities).toEqual([{ feature: core.Feature.FEATURE_STORAGE_SNAPSHOTS }]);
    expect(caps.limits).toMatchObject({ maxPageSize: 100, maxIoBytes: 1n << 20n });
    expect(caps.limits!.sampleIntervalNs).toBeGreaterThan(0n);
    expect(await anonymous.identity.probe({})).toEqual({ ready: true, reason: "" });
    anonymous.close();
  });

  it("should run the vendor's handler with the caller's principal", async () => {
    expect((await strata.volumes.getVolume({ volumeId: "vol-1" })).volume).toEqual(VOLUME);
    const other = connect(address, { services: STORAGE_SERVICES, auth: { tenant: "t2" } });
    await expect(other.volumes.getVolume({ volumeId: "vol-1" })).rejects.toMatchObject({ code: status.NOT_FOUND });
    other.close();
  });

  it("should answer UNAUTHENTICATED to a layer call without credentials", async () => {
    const anonymous = connect(address, { services: STORAGE_SERVICES });
    await expect(anonymous.volumes.getVolume({ volumeId: "vol-1" })).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    anonymous.close();
  });

  it("should answer UNIMPLEMENTED for a method the vendor left out", async () => {
    const error = await strata.volumes.deleteVolume({ volumeId: "vol-1" }).catch((e: StrataError) => e);
    expect(error).toMatchObject({ code: status.UNIMPLEMENTED });
    expect((error as StrataError).message).toContain("/strata.storage.v1.VolumeService/DeleteVolume");
  });

  it("should turn a vendor bug into INTERNAL and keep serving", async () => {
    await expect(strata.volumes.getVolume({ volumeId: "boom" })).rejects.toMatchObject({ code: status.INTERNAL, message: "internal error" });
    expect(internalErrors).toHaveLength(1);
    expect((await strata.volumes.getVolume({ volumeId: "vol-1" })).volume?.name).toBe("db");
  });

  it("should reject an unknown enum value with INVALID_ARGUMENT naming the field", async () => {
    const error = await strata.volumes.listVolumes({ page: { pageSize: 1, pageToken: "" }, applicationId: "" }).then(() => undefined);
    expect(error).toBeUndefined();
    const bad = storage.CreateVolumeRequest.fromPartial({ name: "x", provisioning: 42 as storage.Provisioning });
    const rejected = await strata.volumes.createVolume(bad).catch((e: StrataError) => e);
    expect(rejected).toMatchObject({ code: status.INVALID_ARGUMENT });
    expect((rejected as StrataError).fieldViolations).toEqual([{ field: "provisioning", description: "unknown enum value 42" }]);
  });

  it("should reject bytes that are not a request message with INVALID_ARGUMENT", async () => {
    const RawClient = makeGenericClientConstructor({
      getVolume: {
        path: "/strata.storage.v1.VolumeService/GetVolume", requestStream: false, responseStream: false,
        requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b,
        responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b,
      },
    }, "Raw");
    const raw = new RawClient(address, credentials.createInsecure()) as Client & Record<string, Function>;
    const metadata = new Metadata();
    metadata.set("strata-tenant", "t1");
    const code = await new Promise<number>((resolve) => {
      raw.getVolume!(Buffer.from([0x0a, 0xff, 0xff, 0xff]), metadata, (error: { code: number } | null) => resolve(error?.code ?? 0));
    });
    expect(code).toBe(status.INVALID_ARGUMENT);
    raw.close();
  });

  it("should serve the standard health service", async () => {
    const health = loadSync(healthProtoPath, { enums: String });
    const Health = makeGenericClientConstructor(health["grpc.health.v1.Health"] as never, "Health");
    const client = new Health(address, credentials.createInsecure()) as Client & Record<string, Function>;
    const reply = await new Promise<{ status: string }>((resolve, reject) => {
      client.check!({ service: "" }, (error: Error | null, res: { status: string }) => (error ? reject(error) : resolve(res)));
    });
    expect(reply.status).toBe("SERVING");
    client.close();
  });

  it("should listen on a unix socket too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "strata-sock-"));
    try {
      const unixAddress = await server.listen(join(dir, "layer.sock"));
      expect(unixAddress).toBe(`unix:${join(dir, "layer.sock")}`);
      const viaSocket = connect(unixAddress, { services: STORAGE_SERVICES, auth: { tenant: "t1" } });
      expect((await viaSocket.volumes.getVolume({ volumeId: "vol-1" })).volume?.volumeId).toBe("vol-1");
      viaSocket.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
