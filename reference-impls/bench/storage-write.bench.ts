// The cost of the kit on the data path, in one process on loopback, 4 KiB at 32 in flight:
// - a storage Write through the whole kit (client kit, authentication, the pipeline, the
//   data-path record, QoS admission, memstore) against a bare grpc-js unary echo of the same
//   WriteRequest (generated codec both ways, no kit): target ≥ 0.8;
// - the same Write with telemetry on against off: target ≥ 0.95.
// The three are measured in interleaved rounds (order rotating); each ratio is the median of
// the per-round ratios with their spread.
import { credentials, makeGenericClientConstructor, Server, ServerCredentials, type Client, type ServiceError } from "@grpc/grpc-js";
import { connect } from "@strata/sdk/client";
import { storage, STORAGE_SERVICES } from "@strata/sdk/storage";
import { median, roundRatio, type Row } from "../../bench/rounds.js";
import { createMemstoreServer } from "../src/storage/memstore/index.js";

const ROUNDS = 7;
const ROUND_MS = 1000;
const CONCURRENCY = 32;
const PAYLOAD = 4096;
const VOLUME_BYTES = 64n << 20n;

/** Calls per second of `call`, CONCURRENCY at a time, for ROUND_MS. */
async function callsPerSecond(call: () => Promise<unknown>): Promise<number> {
  let done = 0;
  const started = process.hrtime.bigint();
  const until = performance.now() + ROUND_MS;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < until) {
      await call();
      done += 1;
    }
  }));
  return done / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** A bare grpc-js server and client echoing a WriteRequest: the transport and codec the Write also pays, nothing else. */
async function startEcho() {
  const write = storage.BlockServiceService.write;
  const definition = {
    echo: { ...write, path: "/bench.Echo/Echo", responseSerialize: write.requestSerialize, responseDeserialize: write.requestDeserialize },
  };
  const server = new Server();
  server.addService(definition as never, { echo: (call: { request: unknown }, done: (e: null, r: unknown) => void) => done(null, call.request) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  const Echo = makeGenericClientConstructor(definition as never, "Echo");
  const client = new Echo(`127.0.0.1:${port}`, credentials.createInsecure()) as Client & Record<string, Function>;
  return {
    call: (request: storage.WriteRequest) => new Promise<unknown>((resolve, reject) => {
      client.echo!(request, (error: ServiceError | null, response: unknown) => (error ? reject(error) : resolve(response)));
    }),
    close() {
      client.close();
      server.forceShutdown();
    },
  };
}

export default {
  name: "storage data path",
  async run(): Promise<Row[]> {
    // No simulated device latency: the server is CPU-bound, so the kit's cost shows.
    const server = await createMemstoreServer({ auth: { insecureDevelopmentMode: true }, spindleModel: { accessNs: 0, bytesPerSecond: 1e15 } });
    const client = connect(await server.listen("127.0.0.1:0"), { services: STORAGE_SERVICES, auth: { tenant: "bench" }, applicationId: "bench" });
    const echo = await startEcho();
    try {
      const { volume } = await client.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({
        name: "bench", workload: { applicationId: "bench" }, capacityBytes: VOLUME_BYTES,
      }));
      const data = Buffer.alloc(PAYLOAD, 7);
      let offset = 0n;
      const request = (): storage.WriteRequest => {
        offset = (offset + BigInt(PAYLOAD)) % VOLUME_BYTES;
        return { volumeId: volume!.volumeId, offsetBytes: offset, data, durable: false };
      };
      const variants = {
        on: () => { server.telemetry.setEnabled(true); return callsPerSecond(() => client.block.write(request())); },
        off: () => { server.telemetry.setEnabled(false); return callsPerSecond(() => client.block.write(request())); },
        echo: () => callsPerSecond(() => echo.call(request())),
      };
      for (const measure of Object.values(variants)) await measure(); // warm-up of every path
      const results: Record<keyof typeof variants, number[]> = { on: [], off: [], echo: [] };
      const order = Object.keys(variants) as Array<keyof typeof variants>;
      for (let round = 0; round < ROUNDS; round++) {
        for (let i = 0; i < order.length; i++) {
          const name = order[(round + i) % order.length]!;
          results[name].push(await variants[name]());
        }
      }
      server.telemetry.setEnabled(true);
      const ops = (values: number[]) => `${median(values).toFixed(0)} ops/s`;
      return [
        {
          bench: `storage Write vs bare grpc-js unary echo (4 KiB, ${CONCURRENCY} in flight, ${ROUNDS} rounds)`,
          ours: ops(results.on), baseline: `echo ${ops(results.echo)}`, ...roundRatio(results.on, results.echo), target: "≥ 0.8",
        },
        {
          bench: `storage Write, telemetry on ÷ off (4 KiB, ${CONCURRENCY} in flight, ${ROUNDS} rounds)`,
          ours: ops(results.on), baseline: `off ${ops(results.off)}`, ...roundRatio(results.on, results.off), target: "≥ 0.95",
        },
      ];
    } finally {
      client.close();
      echo.close();
      await server.shutdown();
    }
  },
};
