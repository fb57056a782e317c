import { rpc, telemetry } from "@strata/sdk/contracts";
import { connect, isStrataError } from "@strata/sdk/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_CREDENTIALS, startFixtureEndpoint, type FixtureEndpoint } from "../fixtures/fixture-endpoint.js";
import { FIXTURE_TELEMETRY } from "../fixtures/fixture-shapes.js";
import { collectStream } from "./collect-stream.js";
import type { AnyClients } from "../runner/endpoint-scope.js";

let endpoint: FixtureEndpoint;
let clients: AnyClients;
beforeAll(async () => {
  endpoint = await startFixtureEndpoint({ telemetry: FIXTURE_TELEMETRY });
  clients = connect(endpoint.target, { auth: FIXTURE_CREDENTIALS.tenantA });
});
afterAll(async () => { clients.close(); await endpoint.close(); });

const subscribe = (mode: telemetry.Mode) => clients.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({ mode }));

describe("collectStream()", () => {
  it("should read a stream to its end", async () => {
    const messages = await collectStream(subscribe(telemetry.Mode.MODE_ONCE));
    expect(messages.map((m) => [m.streamSequence, Boolean(m.batch), Boolean(m.sync)])).toEqual([[1n, true, false], [2n, false, true]]);
  });

  it("should stop where `until` says", async () => {
    const messages = await collectStream(subscribe(telemetry.Mode.MODE_STREAM), { until: (m) => m.sync !== undefined });
    expect(messages).toHaveLength(2);
  });

  it("should reject with the stream's status as a StrataError", async () => {
    const error = await collectStream(subscribe(telemetry.Mode.MODE_UNSPECIFIED)).catch((e: unknown) => e);
    expect(isStrataError(error) && [error.code, error.message]).toEqual([rpc.Code.INVALID_ARGUMENT, "mode: is required"]);
  });

  it("should give up on a stream that does not end in time, or when the check ends", async () => {
    await expect(collectStream(subscribe(telemetry.Mode.MODE_STREAM), { timeoutMs: 50 }))
      .rejects.toThrow("the stream neither failed nor ended within 50 ms (2 messages)");
    const abort = new AbortController();
    const pending = collectStream(subscribe(telemetry.Mode.MODE_STREAM), { signal: abort.signal });
    abort.abort();
    await expect(pending).rejects.toThrow("stream abandoned: the check ended");
  });
});
