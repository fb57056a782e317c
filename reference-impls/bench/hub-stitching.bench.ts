// Records per second the hub ingests and stitches on one core: decoding the
// endpoints' Subscribe messages (with the hub's own decoder, as its links do),
// relaying each record into the hub's own log, stitching it into its
// transaction, judging the settled transactions and counting them in the
// latency breakdown, against decoding the same messages alone with the
// generated decoder (the least any subscriber does) as the baseline; and the
// hub's decoder alone against the generated one. Transactions of three hops
// across three layers, 32 applications; rounds interleaved.
// Target: ≥ 200 000 records/s.
import { core, telemetry } from "@strata/sdk/contracts";
import { createTelemetryRecorder } from "@strata/sdk/server";
import { median, roundRatio, type Row } from "../../bench/rounds.js";
import { HUB_CATALOGUE } from "../src/hub/create-hub-server.js";
import { createStitcher } from "../src/hub/stitching/create-stitcher.js";
import { decodeSubscribeResponse } from "../src/hub/upstream/decode-subscribe-response.js";
import { createRecordRelay } from "../src/hub/upstream/record-relay.js";

const ROUNDS = 7;
const BATCHES = 400;
const TRANSACTIONS_PER_BATCH = 100;
const T0 = 1_700_000_000_000_000_000n;
const LAYERS = [core.Layer.LAYER_COMPUTE, core.Layer.LAYER_STORAGE, core.Layer.LAYER_NETWORK];

/** One encoded Subscribe message per batch: TRANSACTIONS_PER_BATCH transactions of three hops each. */
function encodedBatches(): Uint8Array[] {
  let trace = 0;
  const out: Uint8Array[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const records: telemetry.RequestRecord[] = [];
    for (let t = 0; t < TRANSACTIONS_PER_BATCH; t++, trace++) {
      const traceId = Buffer.alloc(16);
      traceId.writeUInt32BE(trace + 1, 12);
      const spans = [1, 2, 3].map((s) => { const id = Buffer.alloc(8); id.writeUInt32BE(trace * 4 + s, 4); return id; });
      for (let h = 0; h < 3; h++) {
        records.push(telemetry.RequestRecord.fromPartial({
          sequence: BigInt(records.length + 1), startTimeUnixNano: T0 + BigInt(trace * 1000 + h * 100), durationNs: BigInt(900 - h * 300),
          layer: LAYERS[h], operation: h === 0 ? "execute" : "write", resourceId: `r-${trace % 64}-${h}`,
          tenantId: `tenant-${trace % 4}`, applicationId: `app-${trace % 32}`, payloadBytes: 4096n, statusCode: 0,
          traceId, spanId: spans[h], parentSpanId: h === 0 ? Buffer.alloc(0) : spans[h - 1], attributes: { host_id: "host-0" },
        }));
      }
    }
    out.push(telemetry.SubscribeResponse.encode({
      streamSequence: BigInt(b + 1), watermark: BigInt(records.length), logId: "bench", batch: { records, samples: [] },
    }).finish());
  }
  return out;
}

/**
 * Records per second of one round over every batch: of wall time, and of the
 * process's CPU time (which other processes on a busy machine do not inflate;
 * it counts the garbage collector's helper threads too).
 */
function round(
  batches: readonly Uint8Array[], decode: (bytes: Uint8Array) => telemetry.SubscribeResponse, each: (message: telemetry.SubscribeResponse) => void,
): { wall: number; cpu: number } {
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  let records = 0;
  for (const bytes of batches) {
    const message = decode(bytes);
    records += message.batch!.records.length;
    each(message);
  }
  const cpu = process.cpuUsage(cpuStarted);
  return { wall: records / (Number(process.hrtime.bigint() - started) / 1e9), cpu: records / ((cpu.user + cpu.system) / 1e6) };
}

export default {
  name: "hub stitching",
  async run(): Promise<Row[]> {
    const batches = encodedBatches();
    // A clock that moves 50 ms a batch: with a 200 ms settle window, the hub judges as it goes. Each round
    // starts a fresh hub, so that its traces are new to it.
    let clockMs = 0;
    let stitcher = createStitcher({ settleMs: 200 });
    let recorder = createTelemetryRecorder({ catalogue: HUB_CATALOGUE });
    let relay = createRecordRelay(stitcher.names);
    const fresh = () => {
      recorder.close();
      stitcher = createStitcher({ settleMs: 200, now: () => clockMs, epochNs: () => T0 + BigInt(clockMs) * 1_000_000n });
      recorder = createTelemetryRecorder({ catalogue: HUB_CATALOGUE });
      relay = createRecordRelay(stitcher.names);
    };
    let sink = 0;
    const hub = (message: telemetry.SubscribeResponse) => {
      for (const record of message.batch!.records) {
        recorder.relayRecord(relay(record));
        stitcher.ingest(record);
      }
      clockMs += 50;
      sink += stitcher.judgeSettled().length;
    };
    const decodeOnly = (message: telemetry.SubscribeResponse) => { sink += message.batch!.records.length; };
    const generated = (bytes: Uint8Array) => telemetry.SubscribeResponse.decode(bytes);
    // The three measures of a round, interleaved: the hub, the generated decoder alone, the hub's decoder alone.
    const measures = {
      hub: () => { fresh(); return round(batches, decodeSubscribeResponse, hub); },
      decode: () => round(batches, generated, decodeOnly),
      hubDecode: () => round(batches, decodeSubscribeResponse, decodeOnly),
    };
    const wall = { hub: [] as number[], decode: [] as number[], hubDecode: [] as number[] };
    const cpu = { hub: [] as number[], decode: [] as number[], hubDecode: [] as number[] };
    for (const measure of Object.values(measures)) measure();
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, measure] of Object.entries(measures) as Array<[keyof typeof measures, () => { wall: number; cpu: number }]>) {
        const result = measure();
        wall[name].push(result.wall);
        cpu[name].push(result.cpu);
      }
    }
    recorder.close();
    if (sink === 0) throw new Error("nothing was stitched");
    // Absolute rates as the median of the rounds and their spread (lowest–highest), beside the ratio of each round
    // (of wall time); the median rate per CPU-second beside, the figure a busy machine distorts least.
    const n = (value: number) => Math.round(value).toLocaleString("en-US");
    const rate = (values: number[], cpu: number[]) =>
      `${n(median(values))} records/s (${n(Math.min(...values))}–${n(Math.max(...values))}); per CPU-second ${n(median(cpu))}`;
    return [{
      bench: "hub ingest + stitch vs decode alone (one core)", ours: rate(wall.hub, cpu.hub), baseline: `decode ${rate(wall.decode, cpu.decode)}`,
      ...roundRatio(wall.hub, wall.decode), target: "ours ≥ 200,000 records/s",
    }, {
      bench: "hub's record decoder vs the generated one", ours: rate(wall.hubDecode, cpu.hubDecode), baseline: rate(wall.decode, cpu.decode),
      ...roundRatio(wall.hubDecode, wall.decode), target: "ratio > 1",
    }];
  },
};
