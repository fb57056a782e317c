import { status } from "@grpc/grpc-js";
import { getEventListeners } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { telemetry } from "../contracts.js";
import { StrataError } from "../errors/strata-error.js";
import { createLayerServer, type LayerServer } from "../server/create-layer-server.js";
import { defineService } from "../server/service-registration.js";
import { FIXTURE_CATALOGUE } from "../testing/fixture-layer.js";
import { FIXTURE_SERVICES, FixtureServiceDefinition } from "../testing/fixture-service.js";
import { connect, type StrataClients } from "./connect.js";

describe("promiseClient()", () => {
  let server: LayerServer;
  let clients: StrataClients<typeof FIXTURE_SERVICES>;
  const request = { resourceId: "r-1", payload: Buffer.alloc(0) };

  beforeAll(async () => {
    server = createLayerServer({
      catalogue: FIXTURE_CATALOGUE,
      info: { vendor: "Test", product: "client", version: "1", layers: [FIXTURE_CATALOGUE.layer] },
      auth: { insecureDevelopmentMode: true },
      services: [defineService(FixtureServiceDefinition, {
        read: (r) => ({ resourceId: r.resourceId, payload: Buffer.alloc(0) }),
        write: (_r, ctx) => new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(StrataError.cancelled("write")))),
      })],
    });
    clients = connect(await server.listen("127.0.0.1:0"), { services: FIXTURE_SERVICES, auth: { tenant: "t1" } });
  });

  afterAll(async () => {
    clients.close();
    await server.shutdown();
  });

  it("should cancel a call whose signal was aborted before it started", async () => {
    const error = await clients.fixture.read(request, { signal: AbortSignal.abort() }).catch((e: StrataError) => e);
    expect(error).toMatchObject({ code: status.CANCELLED });
  });

  it("should cancel a call when its signal aborts", async () => {
    const controller = new AbortController();
    const call = clients.fixture.write(request, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(call).rejects.toMatchObject({ code: status.CANCELLED });
  });

  it("should cancel a stream whose signal aborts, and stop listening once it closed", async () => {
    const stream = clients.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({ mode: telemetry.Mode.MODE_STREAM }), { signal: AbortSignal.abort() });
    const error = await new Promise((resolve) => stream.on("error", resolve));
    expect(error).toMatchObject({ code: status.CANCELLED });
    const controller = new AbortController();
    const once = clients.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({ mode: telemetry.Mode.MODE_ONCE }), { signal: controller.signal });
    once.on("data", () => {});
    await new Promise((resolve) => once.on("close", resolve));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("should stop listening to the signal once the call is answered", async () => {
    const controller = new AbortController();
    for (let i = 0; i < 3; i++) await clients.fixture.read(request, { signal: controller.signal });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
