import { core, rpc, topology } from "@strata/sdk/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../config.js";
import { startFixtureEndpoint, type FixtureEndpoint } from "../fixtures/fixture-endpoint.js";
import { createRegistry, type CheckFn, type CheckOptions } from "../registry/check-registry.js";
import { openSession, type ConformanceSession } from "./open-session.js";

let endpoint: FixtureEndpoint;
let session: ConformanceSession;

beforeAll(async () => {
  endpoint = await startFixtureEndpoint();
  session = await openSession(resolveConfig({ ...endpoint.config, timeoutMs: 500, idempotencyRepeats: 4 }), []);
});

afterAll(async () => {
  session.close();
  await endpoint.close();
});

function run(fn: CheckFn, options: Partial<CheckOptions> = {}) {
  return session.run(createRegistry().check("a check [x]", options, fn));
}

describe("runCheck()", () => {
  it("should pass a check that returns, with its tags and duration", async () => {
    const result = await run(async (t) => { await t.operator.identity.probe({}); });
    expect(result).toMatchObject({ status: "pass", title: "a check [x]", tags: ["x"], suite: "common", layer: "common", cleanupErrors: [] });
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it("should skip, never fail, a check whose feature the endpoint does not declare", async () => {
    let ran = false;
    const result = await run(() => { ran = true; }, {
      requires: [core.Feature.FEATURE_TOPOLOGY_HISTORY, 998 as core.Feature, 999 as core.Feature],
    });
    expect(result).toMatchObject({ status: "skip", message: "endpoint does not declare feature 998, feature 999" });
    expect(ran).toBe(false);
  });

  it("should run a check whose features are declared", async () => {
    const result = await run((t) => t.ensure(t.has(core.Feature.FEATURE_TOPOLOGY_HISTORY), "declared"),
      { requires: [core.Feature.FEATURE_TOPOLOGY_HISTORY] });
    expect(result.status).toBe("pass");
  });

  it("should clean up newest first after a failure, and report cleanup errors beside the failure", async () => {
    const order: string[] = [];
    const result = await run((t) => {
      t.track(() => order.push("first"), "DeleteThing first");
      t.track(() => Promise.reject(new Error("disk on fire")), "DeleteThing second");
      t.track(() => order.push("third"), "DeleteThing third");
      t.fail("CreateThing repeated with the same name returned a different thing_id: t-1, t-2");
    });
    expect(order).toEqual(["third", "first"]);
    expect(result).toMatchObject({
      status: "fail",
      message: "CreateThing repeated with the same name returned a different thing_id: t-1, t-2",
      cleanupErrors: ["DeleteThing second: Error: disk on fire"],
    });
  });

  it("should fail a passing check whose cleanup fails", async () => {
    const result = await run((t) => t.track(() => { throw new Error("left behind"); }, "DeleteThing t"));
    expect(result).toMatchObject({ status: "fail", message: "cleanup failed: DeleteThing t: Error: left behind" });
  });

  it("should fail a check that outlives its timeout and abort its signal", async () => {
    let signal: AbortSignal | undefined;
    const result = await run((t) => { signal = t.signal; return new Promise(() => {}); }, { timeoutMs: 30 });
    expect(result).toMatchObject({ status: "fail", message: "did not finish within 30 ms" });
    expect(signal?.aborted).toBe(true);
  });

  it("should repeat a call idempotencyRepeats times unless told otherwise", async () => {
    const counts: number[] = [];
    await run(async (t) => {
      counts.push((await t.repeat(async (attempt) => attempt)).length);
      counts.push((await t.repeat(2, async (attempt) => attempt)).length);
    });
    expect(counts).toEqual([4, 2]);
  });

  it("should name the code and message of a call that failed unexpectedly", async () => {
    const result = await run(async (t) => { await t.connect("anonymous").topology.getTopology(topology.GetTopologyRequest.fromPartial({})); });
    expect(result).toMatchObject({ status: "fail", message: 'a call failed unexpectedly: UNAUTHENTICATED "no credentials" (ERROR_REASON_UNAUTHENTICATED)' });
  });

  it("should report an exact-code mismatch through t.expectCode", async () => {
    const result = await run(async (t) => {
      await t.expectCode(t.connect("anonymous").topology.getTopology(topology.GetTopologyRequest.fromPartial({})), rpc.Code.PERMISSION_DENIED,
        "GetTopology without credentials");
    });
    expect(result.message).toBe('GetTopology without credentials: expected PERMISSION_DENIED, got UNAUTHENTICATED "no credentials" (ERROR_REASON_UNAUTHENTICATED)');
  });

  it("should end as skipped when the check says it does not apply", async () => {
    expect(await run((t) => t.skip("the endpoint has no second pool"))).toMatchObject({ status: "skip", message: "the endpoint has no second pool" });
  });

  it("should end with a warning when the check cannot test what the endpoint declares, and fail one whose cleanup fails", async () => {
    expect(await run((t) => t.warn("the history is too long to pass"))).toMatchObject({ status: "warn", message: "the history is too long to pass" });
    expect(await run((t) => { t.track(() => { throw new Error("left"); }, "DeleteThing t"); t.warn("untested"); }))
      .toMatchObject({ status: "fail", message: "cleanup failed: DeleteThing t: Error: left" });
  });

  it("should say what equal and expectLatency compared", async () => {
    expect((await run((t) => t.equal([1n, 2n], [1n, 3n], "ListThings page sizes"))).message)
      .toBe("ListThings page sizes: expected [ 1n, 3n ], got [ 1n, 2n ]");
    expect((await run((t) => t.expectLatency(50_000_000n, 10, "Send record duration_ns"))).message)
      .toBe("Send record duration_ns: reported 50.000 ms but the suite observed 10.000 ms; the standard requires measured latency (tolerance ±12.500 ms)");
    expect((await run((t) => t.expectLatency(11_000_000n, 10, "Send record duration_ns"))).status).toBe("pass");
  });

  it("should keep t.log lines and the stack of a check's own bug", async () => {
    const result = await run((t) => { t.log("created", { thingId: "t-1" }); throw new TypeError("oops"); });
    expect(result.message).toBe("the check threw TypeError: oops");
    expect(result.logs[0]).toBe("created { thingId: 't-1' }");
    expect(result.logs[1]).toContain("TypeError: oops\n    at ");
  });
});
