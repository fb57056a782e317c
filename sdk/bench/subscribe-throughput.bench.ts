// Records per second delivered through Subscribe to one subscriber, against a
// bare grpc-js server stream writing the same SubscribeResponse bytes,
// pre-encoded before the clock starts, to the same generated client (which
// decodes every message in both cases). All in this process, alternately.
// - replay: the records are in the log; the stream reads, filters, encodes
//   and writes them (the serving pipeline alone). Target: ≥ 0.7× bare.
// - live: the clock also runs record() for each of them, and the fan-out
//   batches and encodes them as they come (the data path's cost included).
import { credentials, Server, ServerCredentials, type ServerWritableStream } from "@grpc/grpc-js";
import { once } from "node:events";
import { setImmediate as turn } from "node:timers/promises";
import type { RequestRecord } from "../src/gen/strata/telemetry/v1/records.js";
import {
  Mode, SubscribeRequest, SubscribeResponse, TelemetryServiceClient,
} from "../src/gen/strata/telemetry/v1/telemetry.js";
import type { RequestInput } from "../src/telemetry/request-input.js";
import { toRequestRecord } from "../src/telemetry/request-input.js";
import { createTelemetryRecorder } from "../src/telemetry/telemetry-recorder.js";
import { telemetryServiceDefinition } from "../src/telemetry/telemetry-service-definition.js";
import { startTelemetryServer } from "../src/telemetry/testing/start-telemetry-server.js";
import { FIXTURE_CATALOGUE, FIXTURE_LAYER } from "../src/testing/fixture-layer.js";
import { median, roundRatio, type Row } from "../../bench/rounds.js";

const RECORDS = 200_000;
const ROUNDS = 5;
const REQUEST = SubscribeRequest.fromPartial({ mode: Mode.MODE_STREAM, selector: { includeRecords: true, excludeSamples: true } });

function input(i: number): RequestInput {
  return {
    layer: FIXTURE_LAYER, operation: i & 1 ? "read" : "write", resourceId: `r-${i & 7}`, tenantId: "t1", applicationId: "app",
    startTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(i), durationNs: 40_000 + (i % 5000), payloadBytes: 4096, statusCode: 0,
  };
}

/** Counts records arriving on a stream; resolves when `total` have arrived, with the seconds since `started()`. */
function consume(client: TelemetryServiceClient, total: number, request = REQUEST) {
  const call = client.subscribe(request);
  let received = 0;
  let watermark = 0n;
  let startedAt = 0n;
  let synced!: () => void;
  const ready = new Promise<void>((resolve) => (synced = resolve));
  const done = new Promise<number>((resolve, reject) => {
    call.on("data", (m: SubscribeResponse) => {
      if (m.sync) synced();
      received += m.batch?.records.length ?? 0;
      watermark = m.watermark > watermark ? m.watermark : watermark;
      if (received >= total) {
        resolve(Number(process.hrtime.bigint() - startedAt) / 1e9);
        call.cancel();
      }
    });
    call.on("error", (error: Error & { code?: number }) => (error.code === 1 ? undefined : reject(error)));
  });
  return { ready, done, watermark: () => watermark, started: () => (startedAt = process.hrtime.bigint()) };
}

async function ours(): Promise<{ seconds: number; dropped: number }> {
  const recorder = createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE, sampleIntervalMs: 3_600_000 });
  const server = await startTelemetryServer(recorder.subscribe);
  const stream = consume(server.client(), RECORDS);
  stream.started();
  await stream.ready;
  stream.started();
  for (let i = 0; i < RECORDS; i++) {
    recorder.record(input(i));
    // A producer that yields to the event loop like a server answering requests, without outrunning the subscriber.
    if ((i & 1023) === 1023) while (i + 1 - Number(stream.watermark()) > 8192) await turn();
  }
  const seconds = await stream.done;
  const dropped = recorder.stats().streams.reduce((n, s) => n + s.droppedItems, 0);
  recorder.close();
  await server.close();
  return { seconds, dropped };
}

async function replay(): Promise<number> {
  const recorder = createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE, sampleIntervalMs: 3_600_000, retainedItems: RECORDS + 1 });
  for (let i = 0; i <= RECORDS; i++) recorder.record(input(i));
  const server = await startTelemetryServer(recorder.subscribe);
  const stream = consume(server.client(), RECORDS, { ...REQUEST, resumeAfterSequence: 1n, resumeLogId: recorder.logId });
  stream.started();
  const seconds = await stream.done;
  recorder.close();
  await server.close();
  return seconds;
}

async function bare(responses: Buffer[]): Promise<number> {
  const server = new Server();
  server.addService(telemetryServiceDefinition, {
    async subscribe(call: ServerWritableStream<SubscribeRequest, SubscribeResponse | Buffer>) {
      for (const response of responses) if (!call.write(response)) await once(call, "drain");
      call.end();
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  const client = new TelemetryServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  const stream = consume(client, RECORDS);
  stream.started();
  const seconds = await stream.done;
  client.close();
  server.forceShutdown();
  return seconds;
}

/** The responses ours sends for the same records: batches of 512, sequence-numbered. */
function preEncoded(): Buffer[] {
  const out: Buffer[] = [];
  for (let first = 0; first < RECORDS; first += 512) {
    const records: RequestRecord[] = [];
    for (let i = first; i < Math.min(RECORDS, first + 512); i++) records.push(toRequestRecord(input(i), i + 1));
    const message = { streamSequence: BigInt(out.length + 1), watermark: BigInt(first + records.length), logId: "bench", batch: { records, samples: [] } };
    out.push(Buffer.from(SubscribeResponse.encode(SubscribeResponse.fromPartial(message)).finish()));
  }
  return out;
}

export default {
  name: "Subscribe throughput",
  async run(): Promise<Row[]> {
    const responses = preEncoded();
    await bare(responses); // warm-up of every path
    await replay();
    await ours();
    const liveSeconds: number[] = [];
    const replaySeconds: number[] = [];
    const bareSeconds: number[] = [];
    let dropped = 0;
    for (let round = 0; round < ROUNDS; round++) {
      replaySeconds.push(await replay());
      bareSeconds.push(await bare(responses));
      const result = await ours();
      liveSeconds.push(result.seconds);
      dropped += result.dropped;
    }
    // Rates are RECORDS per second: the ratio of rates is the inverse ratio of seconds.
    const format = (seconds: number[]) => `${Math.round(RECORDS / median(seconds)).toLocaleString("en")} rec/s`;
    return [
      { bench: "Subscribe replay records/s, one subscriber", ours: format(replaySeconds), baseline: `bare ${format(bareSeconds)}`, ...roundRatio(bareSeconds, replaySeconds), target: "≥ 0.7" },
      { bench: `Subscribe live records/s incl. record() (${dropped} dropped)`, ours: format(liveSeconds), baseline: `bare ${format(bareSeconds)}`, ...roundRatio(bareSeconds, liveSeconds), target: "" },
    ];
  },
};
