import { credentials, Server, ServerCredentials, status, type ServerWritableStream } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { StrataError } from "../errors/strata-error.js";
import {
  GapReason, Mode, SubscribeResponse, TelemetryServiceClient, TelemetryServiceService, type SubscribeRequest,
} from "../gen/strata/telemetry/v1/telemetry.js";
import type { RequestInput } from "../telemetry/request-input.js";
import { createTelemetryRecorder, type TelemetryRecorder } from "../telemetry/telemetry-recorder.js";
import { startTelemetryServer, type TelemetryTestServer } from "../telemetry/testing/start-telemetry-server.js";
import { subscribe, type SubscribeEvent } from "./subscribe.js";
import { FIXTURE_CATALOGUE, FIXTURE_LAYER } from "../testing/fixture-layer.js";

const FAST = { initialMs: 5, maxMs: 20 };

function write(): RequestInput {
  return {
    layer: FIXTURE_LAYER, operation: "write", resourceId: "v1", tenantId: "t1", applicationId: "a",
    startTimeUnixNano: 1_700_000_000_000_000_000n, durationNs: 2000, payloadBytes: 4096, statusCode: 0,
  };
}

/** Pulls events from an iterator until one satisfies the predicate; returns them all. */
async function until(events: AsyncIterator<SubscribeEvent>, predicate: (e: SubscribeEvent) => boolean): Promise<SubscribeEvent[]> {
  const seen: SubscribeEvent[] = [];
  for (;;) {
    const next = await events.next();
    if (next.done) throw new Error(`iteration ended after ${seen.map((e) => e.type).join(", ")}`);
    seen.push(next.value);
    if (predicate(next.value)) return seen;
  }
}

/** Events as short strings; reconnection attempts are collapsed because their number depends on timing. */
function summary(events: SubscribeEvent[]): string[] {
  const out = events.map((e) => {
    switch (e.type) {
      case "batch": return `batch [${e.records.map((r) => r.sequence)}] wm=${e.watermark}`;
      case "sync": return `sync ${e.sequence}`;
      case "gap": return `gap ${e.gap.fromSequence}-${e.gap.toSequence} ${GapReason[e.gap.reason]}`;
      case "reconnecting": return "reconnecting";
      default: return e.type;
    }
  });
  return out.filter((s, i) => s !== "reconnecting" || out[i - 1] !== "reconnecting");
}

describe("subscribe()", () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function serve(recorder: TelemetryRecorder, port?: number): Promise<TelemetryTestServer> {
    const server = await startTelemetryServer(recorder.subscribe, { port });
    cleanup.push(() => server.close());
    return server;
  }

  function recorderFor(): TelemetryRecorder {
    const recorder = createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE, sampleIntervalMs: 3_600_000 });
    cleanup.push(() => recorder.close());
    return recorder;
  }

  function clientOf(port: number): TelemetryServiceClient {
    const client = new TelemetryServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
    cleanup.push(() => client.close());
    return client;
  }

  it("should yield the stream's events and end cleanly when the signal aborts", async () => {
    const recorder = recorderFor();
    const server = await serve(recorder);
    const controller = new AbortController();
    const events = subscribe(clientOf(server.port), { mode: Mode.MODE_STREAM, selector: { includeRecords: true } }, { signal: controller.signal });
    await until(events, (e) => e.type === "sync");
    recorder.record(write());
    const seen = await until(events, (e) => e.type === "batch");
    expect(summary(seen)).toEqual(["batch [1] wm=1"]);
    controller.abort();
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it("should reconnect after the server restarts on the same port and resume without losing an item", async () => {
    const recorder = recorderFor();
    const first = await serve(recorder);
    const controller = new AbortController();
    const events = subscribe(clientOf(first.port), { mode: Mode.MODE_STREAM, selector: { includeRecords: true } }, { signal: controller.signal, backoff: FAST });
    const seen = await until(events, (e) => e.type === "sync");
    for (let i = 0; i < 3; i++) recorder.record(write());
    seen.push(...await until(events, (e) => e.type === "batch" && e.watermark === 3n));

    await first.close();
    seen.push(...await until(events, (e) => e.type === "reconnecting"));
    recorder.record(write());
    recorder.record(write());
    await serve(recorder, first.port);
    seen.push(...await until(events, (e) => e.type === "sync" && e.sequence === 5n));
    recorder.record(write());
    seen.push(...await until(events, (e) => e.type === "batch" && e.watermark === 6n));
    expect(summary(seen)).toEqual([
      "sync 0", "batch [1,2,3] wm=3", "reconnecting", "batch [4,5] wm=5", "sync 5", "batch [6] wm=6",
    ]);
    const reconnect = seen.find((e) => e.type === "reconnecting") as Extract<SubscribeEvent, { type: "reconnecting" }>;
    expect(reconnect.attempt).toBe(1);
    // A forced shutdown reaches the client as CANCELLED (RST_STREAM) or UNAVAILABLE (GOAWAY), depending on timing.
    expect([status.CANCELLED, status.UNAVAILABLE]).toContain(reconnect.error.code);
    controller.abort();
  });

  it("should surface an ENDPOINT_RESTARTED gap when the endpoint comes back with a new log", async () => {
    const before = recorderFor();
    const first = await serve(before);
    const controller = new AbortController();
    const events = subscribe(clientOf(first.port), { mode: Mode.MODE_STREAM, selector: { includeRecords: true } }, { signal: controller.signal, backoff: FAST });
    await until(events, (e) => e.type === "sync");
    before.record(write());
    await until(events, (e) => e.type === "batch");
    await first.close();

    const after = recorderFor();
    after.record(write());
    after.record(write());
    await serve(after, first.port);
    const seen = await until(events, (e) => e.type === "sync");
    expect(summary(seen)).toEqual(["reconnecting", "gap 1-2 GAP_REASON_ENDPOINT_RESTARTED", "sync 2"]);
    expect(seen.at(-1)).toMatchObject({ logId: after.logId });
    controller.abort();
  });

  it("should end after a MODE_ONCE stream completes", async () => {
    const recorder = recorderFor();
    recorder.record(write());
    const server = await serve(recorder);
    const events: SubscribeEvent[] = [];
    for await (const event of subscribe(clientOf(server.port), { mode: Mode.MODE_ONCE, selector: { includeRecords: true } })) events.push(event);
    expect(summary(events)).toEqual(["batch [1] wm=0", "sync 1"]);
  });

  it("should throw a non-retryable error as a StrataError", async () => {
    const server = await serve(recorderFor());
    const events = subscribe(clientOf(server.port), { mode: Mode.MODE_STREAM, selector: { tenantIds: ["t2"] } });
    const error = await events.next().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(StrataError);
    expect((error as StrataError).code).toBe(status.PERMISSION_DENIED);
  });

  it.each([["INTERNAL", status.INTERNAL], ["UNKNOWN", status.UNKNOWN]])(
    "should not retry %s, which the retry table says to give up on",
    async (_name, code) => {
      const server = new Server();
      let calls = 0;
      server.addService(TelemetryServiceService, {
        subscribe(call: ServerWritableStream<SubscribeRequest, SubscribeResponse>) {
          calls++;
          call.emit("error", { code, details: "the server failed" });
        },
      });
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
      cleanup.push(() => server.forceShutdown());
      const events = subscribe(clientOf(port), { mode: Mode.MODE_STREAM }, { backoff: FAST });
      const first = await events.next().then((r) => r.value, (e: unknown) => e);
      expect(first).toBeInstanceOf(StrataError);
      expect((first as StrataError).code).toBe(code);
      expect(calls).toBe(1);
    },
  );

  it("should report a protocol-error when the server skips a stream_sequence or changes log_id", async () => {
    const server = new Server();
    server.addService(TelemetryServiceService, {
      subscribe(call: ServerWritableStream<SubscribeRequest, SubscribeResponse>) {
        const message = (streamSequence: bigint, logId: string) => SubscribeResponse.fromPartial({ streamSequence, logId, heartbeat: { timeUnixNano: 1n } });
        call.write(message(1n, "log"));
        call.write(message(3n, "log"));
        call.write(message(4n, "other"));
        call.end();
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
    cleanup.push(() => server.forceShutdown());
    const events: SubscribeEvent[] = [];
    for await (const event of subscribe(clientOf(port), { mode: Mode.MODE_ONCE })) events.push(event);
    expect(events.filter((e) => e.type === "protocol-error")).toEqual([
      { type: "protocol-error", message: "stream_sequence 3 where 2 was due" },
      { type: "protocol-error", message: 'log_id changed from "log" to "other" within a stream' },
    ]);
    expect(events.filter((e) => e.type === "heartbeat")).toHaveLength(3);
  });
  it("should take a stream silent beyond silenceLimitMs for stalled, cancel it and resume after the last watermark", async () => {
    const requests: SubscribeRequest[] = [];
    const server = new Server();
    server.addService(TelemetryServiceService, {
      subscribe(call: ServerWritableStream<SubscribeRequest, SubscribeResponse>) {
        requests.push(call.request);
        // A stalled stream: one SyncMarker, then nothing, not even the Heartbeats it owes.
        call.write(SubscribeResponse.fromPartial({ streamSequence: 1n, watermark: 7n, logId: "log", sync: { sequence: 7n } }));
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
    cleanup.push(() => server.forceShutdown());
    const abort = new AbortController();
    cleanup.push(() => abort.abort());
    const events = subscribe(clientOf(port), { mode: Mode.MODE_STREAM, heartbeatIntervalNs: 100_000_000n }, { backoff: FAST, signal: abort.signal, silenceLimitMs: 300 });
    const seen = await until(events, (e) => e.type === "reconnecting");
    expect(summary(seen)).toEqual(["sync 7", "reconnecting"]);
    const reconnecting = seen.at(-1) as Extract<SubscribeEvent, { type: "reconnecting" }>;
    expect(reconnecting.error.code).toBe(status.UNAVAILABLE);
    expect(reconnecting.error.message).toContain("300 ms");
    await until(events, (e) => e.type === "sync");
    expect(requests.map((r) => [r.resumeAfterSequence, r.resumeLogId])).toEqual([[0n, ""], [7n, "log"]]);
  });

  it("should not count the time the caller spends between events as silence", async () => {
    const server = new Server();
    server.addService(TelemetryServiceService, {
      subscribe(call: ServerWritableStream<SubscribeRequest, SubscribeResponse>) {
        call.write(SubscribeResponse.fromPartial({ streamSequence: 1n, watermark: 1n, logId: "log", sync: { sequence: 1n } }));
        call.write(SubscribeResponse.fromPartial({ streamSequence: 2n, watermark: 1n, logId: "log", heartbeat: { timeUnixNano: 1n } }));
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
    cleanup.push(() => server.forceShutdown());
    const abort = new AbortController();
    cleanup.push(() => abort.abort());
    const events = subscribe(clientOf(port), { mode: Mode.MODE_STREAM }, { backoff: FAST, signal: abort.signal, silenceLimitMs: 200 });
    expect((await events.next()).value?.type).toBe("sync");
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await events.next()).value?.type).toBe("heartbeat");
  });
});
