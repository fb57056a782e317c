import { setImmediate as nextTurn } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GapReason, Mode, type SubscribeResponse } from "../gen/strata/telemetry/v1/telemetry.js";
import type { RequestInput } from "./request-input.js";
import { MAX_UNSENT_BYTES, type SubscribeCall } from "./subscriber-stream.js";
import { createTelemetryRecorder, type TelemetryRecorder, type TelemetryRecorderOptions } from "./telemetry-recorder.js";
import { OPERATOR, startTelemetryServer, type TelemetryTestServer } from "./testing/start-telemetry-server.js";
import { openStream, readOnce } from "./testing/stream-reader.js";
import { waitFor } from "./testing/wait-for.js";
import { FIXTURE_CATALOGUE, FIXTURE_LAYER } from "../testing/fixture-layer.js";

const CLOCK = 1_700_000_000_000_000_000n;

function request(resourceId = "v1", applicationId = "a"): RequestInput {
  return {
    layer: FIXTURE_LAYER, operation: "read", resourceId, tenantId: "t1", applicationId,
    startTimeUnixNano: CLOCK, durationNs: 1000, payloadBytes: 512, statusCode: 0,
  };
}

/** Each message as "<stream seq> <payload> wm=<watermark>" with the item sequences of a batch. */
function describeMessages(messages: SubscribeResponse[]): string[] {
  return messages.map((m) => {
    const payload = m.batch
      ? `batch records=[${m.batch.records.map((r) => r.sequence)}] samples=[${m.batch.samples.map((s) => s.sequence)}]`
      : m.sync ? `sync ${m.sync.sequence}`
        : m.gap ? `gap ${m.gap.fromSequence}-${m.gap.toSequence} ${GapReason[m.gap.reason]} records=${m.gap.droppedRecords} samples=${m.gap.droppedSamples}`
          : "heartbeat";
    return `${m.streamSequence} ${payload} wm=${m.watermark}`;
  });
}

/** The log sequences of every record and sample in the messages, in order. */
function itemSequences(messages: SubscribeResponse[]): bigint[] {
  return messages.flatMap((m) => [...(m.batch?.records ?? []), ...(m.batch?.samples ?? [])].map((i) => i.sequence).sort((a, b) => Number(a - b)));
}

describe("SubscriberStream", () => {
  let recorder: TelemetryRecorder;
  let server: TelemetryTestServer;

  async function start(options: Partial<TelemetryRecorderOptions> = {}) {
    recorder = createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE, now: () => CLOCK, ...options });
    server = await startTelemetryServer(recorder.subscribe, { principal: OPERATOR });
  }

  beforeEach(() => start());

  afterEach(async () => {
    recorder.close();
    await server.close();
  });

  it("should send the latest sample of every matching series, a SyncMarker, then live items", async () => {
    recorder.record(request());
    recorder.record(request());
    recorder.flush(); // samples 3..7
    recorder.record(request()); // 8
    recorder.flush(); // samples 9..13: the latest of each series
    const stream = openStream(server.client(), { mode: Mode.MODE_STREAM, selector: { includeRecords: true } });
    await stream.until((m) => m.sync !== undefined);
    for (let i = 0; i < 3; i++) recorder.record(request()); // 14..16
    const messages = await stream.until((m) => m.watermark === 16n);
    expect(describeMessages(messages)).toEqual([
      "1 batch records=[] samples=[9,10,11,12,13] wm=0",
      "2 sync 13 wm=13",
      "3 batch records=[14,15,16] samples=[] wm=16",
    ]);
    expect(messages.every((m) => m.logId === recorder.logId)).toBe(true);
    stream.cancel();
  });

  it("should number messages without holes and deliver live items in order, at most 512 per batch", async () => {
    const stream = openStream(server.client(), { mode: Mode.MODE_STREAM, selector: { includeRecords: true, resourceIds: ["v1"] } });
    await stream.until((m) => m.sync !== undefined);
    for (let i = 0; i < 1300; i++) recorder.record(request(i % 3 === 0 ? "v2" : "v1"));
    const messages = await stream.until((m) => m.watermark === 1300n);
    expect(messages.map((m) => m.streamSequence)).toEqual(messages.map((_, i) => BigInt(i + 1)));
    const expected = Array.from({ length: 1300 }, (_, i) => BigInt(i + 1)).filter((s) => (s - 1n) % 3n !== 0n);
    expect(itemSequences(messages)).toEqual(expected);
    expect(Math.max(...messages.map((m) => m.batch?.records.length ?? 0))).toBeLessThanOrEqual(512);
    const watermarks = messages.map((m) => m.watermark);
    expect(watermarks).toEqual([...watermarks].sort((a, b) => Number(a - b)));
    stream.cancel();
  });

  it("should end MODE_ONCE with OK after the latest samples, the retained records and a SyncMarker", async () => {
    recorder.record(request());
    recorder.flush(); // 2..6
    recorder.record(request("v2")); // 7
    const messages = await readOnce(server.client(), { mode: Mode.MODE_ONCE, selector: { includeRecords: true } });
    expect(describeMessages(messages)).toEqual([
      "1 batch records=[1,7] samples=[2,3,4,5,6] wm=0",
      "2 sync 7 wm=7",
    ]);
  });

  it("should send heartbeats when quiet, with the watermark the log reached", async () => {
    const stream = openStream(server.client(), {
      mode: Mode.MODE_STREAM, heartbeatIntervalNs: 100_000_000n, selector: { applicationIds: ["nobody"] },
    });
    await stream.until((m) => m.sync !== undefined);
    recorder.record(request());
    recorder.flush();
    const head = BigInt(recorder.stats().head);
    const messages = await stream.until((m) => m.heartbeat !== undefined && m.watermark === head);
    const heartbeat = messages.at(-1)!;
    expect(heartbeat.heartbeat).toEqual({ timeUnixNano: CLOCK });
    expect(messages.filter((m) => m.batch)).toEqual([]);
    stream.cancel();
  });

  it("should replay exactly the missed matching items after a resume inside the window", async () => {
    const selector = { includeRecords: true, resourceIds: ["v1"] };
    const first = openStream(server.client(), { mode: Mode.MODE_STREAM, selector });
    recorder.record(request("v1"));
    recorder.record(request("v2"));
    await first.until((m) => m.watermark === 2n);
    first.cancel();
    await waitFor(() => recorder.stats().streams.length === 0, "the first stream to close");

    recorder.record(request("v1")); // 3
    recorder.record(request("v2")); // 4
    recorder.flush(); // 5..9 v1, 10..14 v2
    recorder.record(request("v1")); // 15
    const resumed = openStream(server.client(), { mode: Mode.MODE_STREAM, selector, resumeAfterSequence: 2n, resumeLogId: recorder.logId });
    const messages = await resumed.until((m) => m.sync !== undefined);
    expect(describeMessages(messages)).toEqual([
      "1 batch records=[3,15] samples=[5,6,7,8,9] wm=15",
      "2 sync 15 wm=15",
    ]);
    resumed.cancel();
  });

  it("should send a Gap, the initial state and a SyncMarker after a resume outside the window", async () => {
    recorder.close();
    await server.close();
    await start({ retainedItems: 16 });
    recorder.record(request());
    recorder.record(request());
    for (let i = 0; i < 40; i++) recorder.record(request());
    recorder.flush(); // 43..47
    const messages = await readUntilSync({ resumeAfterSequence: 2n, resumeLogId: recorder.logId });
    expect(describeMessages(messages)).toEqual([
      "1 gap 3-47 GAP_REASON_OUTSIDE_RETAINED_WINDOW records=0 samples=0 wm=47",
      "2 batch records=[] samples=[43,44,45,46,47] wm=47",
      "3 sync 47 wm=47",
    ]);
  });

  it("should send an ENDPOINT_RESTARTED Gap over the current log, then the initial state, for another log id", async () => {
    recorder.record(request());
    recorder.flush(); // 2..6
    const messages = await readUntilSync({ resumeAfterSequence: 900n, resumeLogId: "a-log-from-before-the-restart" });
    expect(describeMessages(messages)).toEqual([
      "1 gap 1-6 GAP_REASON_ENDPOINT_RESTARTED records=0 samples=0 wm=6",
      "2 batch records=[] samples=[2,3,4,5,6] wm=6",
      "3 sync 6 wm=6",
    ]);
  });

  it("should share one group, and so one encoding per batch, between identical subscriptions", async () => {
    const same = { mode: Mode.MODE_STREAM, selector: { includeRecords: true, resourceIds: ["v1", "v2"] } };
    const streams = [
      openStream(server.client(), same),
      openStream(server.client(), { ...same, selector: { includeRecords: true, resourceIds: ["v2", "v1"] } }),
      openStream(server.client(), { mode: Mode.MODE_STREAM }),
    ];
    await Promise.all(streams.map((s) => s.until((m) => m.sync !== undefined)));
    await waitFor(() => recorder.stats().groups === 2, "the streams to join their groups");
    recorder.record(request());
    const [a, b] = await Promise.all(streams.slice(0, 2).map((s) => s.until((m) => m.watermark === 1n)));
    expect(a!.at(-1)!.batch).toEqual(b!.at(-1)!.batch);
    for (const s of streams) s.cancel();
    await waitFor(() => recorder.stats().groups === 0 && recorder.stats().streams.length === 0, "every stream to leave");
  });

  it("should end open streams with OK when the recorder closes", async () => {
    const stream = openStream(server.client(), { mode: Mode.MODE_STREAM });
    await stream.until((m) => m.sync !== undefined);
    recorder.close();
    expect(await stream.done).toBeUndefined();
  });

  async function readUntilSync(resume: { resumeAfterSequence: bigint; resumeLogId: string }): Promise<SubscribeResponse[]> {
    const stream = openStream(server.client(), { mode: Mode.MODE_STREAM, ...resume });
    const messages = await stream.until((m) => m.sync !== undefined);
    stream.cancel();
    return messages;
  }

  describe("a stream's own work", () => {
    let counting = false;
    afterEach(() => { counting = false; });

    /** Serves the recorder with every write of each stream counted: the event-loop turn of each, and the most bytes written that the transport had not taken. */
    async function startCounting(): Promise<Array<{ turns: number[]; unsent: number; mostUnsent: number; largest: number }>> {
      recorder.close();
      await server.close();
      recorder = createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE, now: () => CLOCK });
      const streams: Array<{ turns: number[]; unsent: number; mostUnsent: number; largest: number }> = [];
      let turn = 0;
      counting = true;
      void (async () => { while (counting) { await nextTurn(); turn++; } })();
      const subscribe = recorder.subscribe;
      server = await startTelemetryServer((request, ctx, call: SubscribeCall) => {
        const counted = { turns: [] as number[], unsent: 0, mostUnsent: 0, largest: 0 };
        streams.push(counted);
        const write = call.write.bind(call) as (chunk: Buffer, cb?: () => void) => boolean;
        call.write = ((chunk: Buffer, cb?: () => void) => {
          counted.turns.push(turn);
          counted.largest = Math.max(counted.largest, chunk.length);
          counted.mostUnsent = Math.max(counted.mostUnsent, (counted.unsent += chunk.length));
          return write(chunk, () => { counted.unsent -= chunk.length; cb?.(); });
        }) as typeof call.write;
        return subscribe(request, ctx, call);
      }, { principal: OPERATOR });
      return streams;
    }

    it("should keep at most its budget of unsent bytes written ahead of a subscriber that does not read", async () => {
      const streams = await startCounting();
      for (let i = 0; i < 20_000; i++) recorder.record(request(`v${i % 7}`));
      const stream = openStream(server.client(), {
        mode: Mode.MODE_STREAM, selector: { includeRecords: true }, resumeAfterSequence: 1n, resumeLogId: recorder.logId,
      });
      stream.pause(); // the subscriber stops reading: HTTP/2 flow control soon stops the transport taking bytes
      await waitFor(() => streams[0] !== undefined && streams[0].turns.length > 0, "the replay to start");
      const counted = streams[0]!;
      let writes = -1;
      for (let quiet = 0; quiet < 10; quiet = counted.turns.length === writes ? quiet + 1 : 0) {
        writes = counted.turns.length;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(counted.unsent, "the replay stalled with bytes unsent").toBeGreaterThan(0);
      // The budget, plus the one message that crossed it.
      expect(counted.mostUnsent).toBeLessThan(MAX_UNSENT_BYTES + counted.largest);
      expect(recorder.stats().streams[0]!.unsentBytes).toBe(counted.unsent);
      stream.cancel();
      await waitFor(() => recorder.stats().streams.length === 0, "the stream to close");
    });

    it("should encode and write at most one replay batch per turn of the event loop, so a cancel is seen at once", async () => {
      const streams = await startCounting();
      for (let i = 0; i < 20_000; i++) recorder.record(request(`v${i % 7}`));
      const stream = openStream(server.client(), {
        mode: Mode.MODE_STREAM, selector: { includeRecords: true }, resumeAfterSequence: 1n, resumeLogId: recorder.logId,
      });
      const messages = await stream.until((m) => m.sync !== undefined);
      expect(messages.length).toBeGreaterThan(30);
      expect(streams[0]!.turns.length, "one write per message").toBe(messages.length);
      const batchTurns = streams[0]!.turns.filter((_, i) => messages[i]!.batch !== undefined);
      expect(new Set(batchTurns).size, "no two replay batches in one turn").toBe(batchTurns.length);
      stream.cancel();
    });
  });
});
