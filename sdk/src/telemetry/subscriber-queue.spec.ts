import { setImmediate as turn } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GapReason, Mode } from "../gen/strata/telemetry/v1/telemetry.js";
import { SubscriberQueue } from "./subscriber-queue.js";
import type { LiveBatch } from "./telemetry-fanout.js";
import { createTelemetryRecorder, type TelemetryRecorder } from "./telemetry-recorder.js";
import { startTelemetryServer, type TelemetryTestServer } from "./testing/start-telemetry-server.js";
import { openStream } from "./testing/stream-reader.js";
import { FIXTURE_CATALOGUE, FIXTURE_LAYER } from "../testing/fixture-layer.js";

function batch(from: number, watermark: number, records: number, samples = 0): LiveBatch {
  return { field: new Uint8Array(), records, samples, from, watermark };
}

describe("SubscriberQueue", () => {
  it("should hold batches up to the item limit and drop the rest into one Gap", () => {
    const queue = new SubscriberQueue(10);
    queue.push(batch(1, 4, 4));
    queue.push(batch(5, 9, 5));
    queue.push(batch(10, 12, 2, 1));
    queue.push(batch(13, 20, 0, 3));
    queue.push(batch(21, 21, 1));
    expect(queue.items).toBe(10);
    expect(queue.dropped).toBe(6);
    expect([queue.shift(), queue.shift(), queue.shift(), queue.shift(), queue.shift()]).toEqual([
      { kind: "batch", batch: batch(1, 4, 4) },
      { kind: "batch", batch: batch(5, 9, 5) },
      { kind: "gap", from: 10, to: 20, records: 2, samples: 4 },
      { kind: "batch", batch: batch(21, 21, 1) },
      undefined,
    ]);
    expect(queue.items).toBe(0);
  });

  it("should take messages off the front in constant time: a ring, never an array shift", () => {
    const queue = new SubscriberQueue(100_000);
    const shift = vi.spyOn(Array.prototype, "shift");
    try {
      for (let i = 1; i <= 5000; i++) queue.push(batch(i, i, 1));
      const taken = Array.from({ length: 5000 }, () => queue.shift());
      expect(shift).not.toHaveBeenCalled();
      expect(taken.map((m) => (m?.kind === "batch" ? m.batch.from : 0))).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    } finally {
      shift.mockRestore();
    }
  });

  it("should report lost ranges in the tail Gap", () => {
    const queue = new SubscriberQueue(10);
    queue.lose(1, 50, 0, 0);
    queue.push(batch(51, 60, 20));
    expect(queue.shift()).toEqual({ kind: "gap", from: 1, to: 60, records: 20, samples: 0 });
  });
});

describe("SubscriberStream with a slow subscriber", () => {
  let recorder: TelemetryRecorder;
  let server: TelemetryTestServer;

  afterEach(async () => {
    recorder.close();
    await server.close();
  });

  it("should drop for that subscriber only, within its queue limit, and report every drop in a Gap before later items", async () => {
    // Room for one burst of 5000: a fast reader's bytes on the wire are bounded too (MAX_UNSENT_BYTES),
    // so what one turn records waits in its queue until the transport takes the batches before it.
    const limit = 6000;
    const total = 300_000;
    recorder = createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE, subscriberQueueItems: limit, sampleIntervalMs: 3_600_000 });
    server = await startTelemetryServer(recorder.subscribe);
    const request = { mode: Mode.MODE_STREAM, selector: { includeRecords: true, excludeSamples: true } };
    const stream = openStream(server.client(), request);
    const fast = openStream(server.client(), request); // same group, same shared batches, reads at full speed
    await Promise.all([stream.until((m) => m.sync !== undefined), fast.until((m) => m.sync !== undefined)]);
    stream.pause();

    let mostQueued = 0;
    for (let sent = 0; sent < total; sent += 5000) {
      for (let i = 0; i < 5000; i++) {
        recorder.record({
          layer: FIXTURE_LAYER, operation: "write", resourceId: "v1", tenantId: "t1", applicationId: "a",
          startTimeUnixNano: 1n, durationNs: 1000, payloadBytes: 4096, statusCode: 0,
        });
      }
      await turn(); // lets the fan-out run, as the event loop would between requests
      // The fast reader shares this process with the server: let it keep up, so only the paused one falls behind.
      await fast.until((m) => m.watermark === BigInt(sent + 5000));
      mostQueued = Math.max(mostQueued, ...recorder.stats().streams.map((s) => s.queuedItems));
    }
    const stats = recorder.stats().streams.find((s) => s.droppedItems > 0);
    expect(recorder.stats().groups).toBe(1);
    expect(recorder.stats().head).toBe(total);
    expect(mostQueued).toBeLessThanOrEqual(limit);
    expect(stats!.droppedItems).toBeGreaterThan(0);

    stream.resume();
    const messages = await stream.until((m) => m.watermark === BigInt(total));
    const gaps = messages.flatMap((m) => (m.gap ? [m.gap] : []));
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((g) => g.reason === GapReason.GAP_REASON_SLOW_SUBSCRIBER && g.droppedSamples === 0n)).toBe(true);
    expect(gaps.reduce((n, g) => n + Number(g.droppedRecords), 0)).toBe(stats!.droppedItems);

    // Every record is either delivered once, in order, or inside exactly one Gap that came before anything later.
    let last = 0n;
    let delivered = 0;
    for (const m of messages) {
      if (m.gap) {
        expect(m.gap.fromSequence).toBe(last + 1n);
        last = m.gap.toSequence;
      }
      for (const r of m.batch?.records ?? []) {
        expect(r.sequence).toBe(last + 1n);
        last = r.sequence;
        delivered++;
      }
    }
    expect(last).toBe(BigInt(total));
    expect(delivered + stats!.droppedItems).toBe(total);

    const fastMessages = await fast.until((m) => m.watermark === BigInt(total));
    expect(fastMessages.filter((m) => m.gap)).toEqual([]);
    expect(fastMessages.reduce((n, m) => n + (m.batch?.records.length ?? 0), 0)).toBe(total);
    stream.cancel();
    fast.cancel();
  });
});
