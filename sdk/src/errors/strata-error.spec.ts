import { credentials, Metadata, status, type ServiceError } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type StrataClients } from "../client/connect.js";
import { core, rpc } from "../contracts.js";
import * as storage from "../layers/storage/contracts.js";
import { STORAGE_CATALOGUE } from "../layers/storage/storage-catalogue.js";
import { STORAGE_SERVICES } from "../layers/storage/storage-services.js";
import { createLayerServer, type LayerServer } from "../server/create-layer-server.js";
import { defineService } from "../server/service-registration.js";
import { StrataError } from "./strata-error.js";

describe("StrataError over gRPC", () => {
  let server: LayerServer;
  let address: string;
  let clients: StrataClients<typeof STORAGE_SERVICES>;

  beforeAll(async () => {
    server = createLayerServer({
      catalogue: STORAGE_CATALOGUE,
      info: { vendor: "Test", product: "errors", version: "1", layers: [core.Layer.LAYER_STORAGE] },
      auth: { insecureDevelopmentMode: true },
      services: [defineService(storage.BlockServiceService, {
        read: () => { throw StrataError.throttled('volume "vol-1"', 1500); },
        write: () => { throw StrataError.invalidFields([{ field: "volume_id", description: "is required" }, { field: "data", description: "too large" }]); },
      })],
    });
    address = await server.listen("127.0.0.1:0");
    clients = connect(address, { services: STORAGE_SERVICES, auth: { tenant: "t1" } });
  });

  afterAll(async () => {
    clients.close();
    await server.shutdown();
  });

  it("should carry the reason and the retry delay of a throttled call", async () => {
    const error = await clients.block.read(storage.ReadRequest.fromPartial({ volumeId: "vol-1" })).catch((e: StrataError) => e);
    expect(error).toBeInstanceOf(StrataError);
    expect(error).toMatchObject({ code: status.RESOURCE_EXHAUSTED, reasonName: "ERROR_REASON_THROTTLED", retryDelayMs: 1500 });
    expect((error as StrataError).message).toContain('volume "vol-1"');
  });

  it("should name every invalid field, readable by any gRPC client as google.rpc.Status", async () => {
    const error = await clients.block.write(storage.WriteRequest.fromPartial({})).catch((e: StrataError) => e);
    expect((error as StrataError).fieldViolations).toEqual([
      { field: "volume_id", description: "is required" }, { field: "data", description: "too large" },
    ]);
    // A plain grpc-js client, no Strata code: the trailer is a standard google.rpc.Status.
    const raw = new storage.BlockServiceClient(address, credentials.createInsecure());
    const serviceError = await new Promise<ServiceError>((resolve) => {
      const metadata = new Metadata();
      metadata.set("strata-tenant", "t1");
      raw.write(storage.WriteRequest.fromPartial({}), metadata, (e) => resolve(e!));
    });
    const detail = rpc.Status.decode(serviceError.metadata.get("grpc-status-details-bin")[0] as Buffer);
    expect(detail.code).toBe(status.INVALID_ARGUMENT);
    expect(detail.details.map((d) => d.typeUrl)).toEqual([
      "type.googleapis.com/google.rpc.ErrorInfo", "type.googleapis.com/google.rpc.BadRequest",
    ]);
    expect(rpc.ErrorInfo.decode(detail.details[0]!.value)).toMatchObject({ reason: "ERROR_REASON_INVALID_FIELD", domain: "strata.dev" });
    raw.close();
  });
});
