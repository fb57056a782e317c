import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type StrataClients } from "../client/connect.js";
import type { telemetry } from "../contracts.js";
import { FIXTURE_SERVICES } from "../testing/fixture-service.js";
import { startFixtureLayer, type FixtureLayer } from "./fixtures/fixture-layer-server.js";

const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";
const hex = (bytes: Buffer) => bytes.toString("hex");

// One layer's handler calls the layer below over real gRPC for each request,
// passing its context: the records of both stitch into one tree of hops.
describe("trace propagation between layers", () => {
  let lower: FixtureLayer;
  let upper: FixtureLayer;
  let below: StrataClients<typeof FIXTURE_SERVICES>;
  let caller: StrataClients<typeof FIXTURE_SERVICES>;

  beforeAll(async () => {
    lower = await startFixtureLayer({
      async write(request, ctx) {
        ctx.dataPath!.resolve({ resourceId: request.resourceId, tenantId: ctx.principal.tenantId, applicationId: "lower-owner" });
        return { resourceId: request.resourceId, payload: request.payload };
      },
    });
    below = connect(lower.address, { services: FIXTURE_SERVICES, auth: { tenant: "t1" } });
    upper = await startFixtureLayer({
      async write(request, ctx) {
        ctx.dataPath!.resolve({ resourceId: request.resourceId, tenantId: ctx.principal.tenantId, applicationId: "upper-owner" });
        if (request.resourceId === "alone") return { resourceId: request.resourceId, payload: request.payload };
        return below.fixture.write({ resourceId: `below-${request.resourceId}`, payload: request.payload }, { context: ctx });
      },
    });
    caller = connect(upper.address, { services: FIXTURE_SERVICES, auth: { tenant: "t1" } });
  });

  afterAll(async () => {
    caller.close();
    below.close();
    await upper.stop();
    await lower.stop();
  });

  const recordOf = async (layer: FixtureLayer, resourceId: string): Promise<telemetry.RequestRecord> => {
    const found = (await layer.records()).filter((r) => r.resourceId === resourceId);
    expect(found, resourceId).toHaveLength(1);
    return found[0]!;
  };

  it("should make each layer's record a child of its caller's span, in the caller's trace", async () => {
    await caller.fixture.write({ resourceId: "traced", payload: Buffer.from("x") }, {
      applicationId: "shop", metadata: { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
    });
    const up = await recordOf(upper, "traced");
    const down = await recordOf(lower, "below-traced");
    expect(hex(up.traceId)).toBe(CALLER_TRACE);
    expect(hex(up.parentSpanId)).toBe(CALLER_SPAN);
    expect(up.spanId).toHaveLength(8);
    expect(hex(up.spanId)).not.toBe(CALLER_SPAN);
    expect(hex(down.traceId)).toBe(CALLER_TRACE);
    expect(hex(down.parentSpanId)).toBe(hex(up.spanId));
    expect(hex(down.spanId)).not.toBe(hex(up.spanId));
    // The layer below attributes the work to the application the request was made for.
    expect([up.applicationId, down.applicationId]).toEqual(["shop", "shop"]);
  });

  it("should start a trace when a request without traceparent calls another layer, its own span the root", async () => {
    await caller.fixture.write({ resourceId: "untraced", payload: Buffer.from("x") });
    const up = await recordOf(upper, "untraced");
    const down = await recordOf(lower, "below-untraced");
    expect(up.traceId).toHaveLength(16);
    expect(up.spanId).toHaveLength(8);
    expect(up.parentSpanId).toHaveLength(0);
    expect(down.traceId).toEqual(up.traceId);
    expect(down.parentSpanId).toEqual(up.spanId);
    // Without the caller's application, the layer below hears the owner's of the resource the request resolved.
    expect(down.applicationId).toBe("upper-owner");
  });

  it("should leave the trace fields empty for a request without traceparent served alone", async () => {
    await caller.fixture.write({ resourceId: "alone", payload: Buffer.from("x") });
    const alone = await recordOf(upper, "alone");
    expect([alone.traceId, alone.spanId, alone.parentSpanId].map((b) => b.length)).toEqual([0, 0, 0]);
  });
});
