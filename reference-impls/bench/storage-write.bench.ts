// Storage Write ops/s over real gRPC on loopback, telemetry on vs off, measured
// side by side in alternating rounds on one memstore server (target on/off ≥ 0.95).
import { connect } from "@strata/sdk/client";
import { createMemstoreServer } from "../src/storage/memstore/index.js";
import { storage, STORAGE_SERVICES } from "@strata/sdk/storage";

const ROUNDS = 4;
const ROUND_MS = 1500;
const CONCURRENCY = 32;

async function writesPerSecond(write: () => Promise<unknown>): Promise<number> {
  let done = 0;
  const until = Date.now() + ROUND_MS;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < until) { await write(); done += 1; }
  }));
  return done / (Number(process.hrtime.bigint() - started) / 1e9);
}

export default {
  name: "storage write ops/s, telemetry on vs off",
  async run() {
    // No simulated device latency: the server is CPU-bound, so telemetry's cost shows.
    const server = await createMemstoreServer({ auth: { insecureDevelopmentMode: true }, spindleModel: { accessNs: 0, bytesPerSecond: 1e15 } });
    const client = connect(await server.listen("127.0.0.1:0"), { services: STORAGE_SERVICES, auth: { tenant: "bench" }, applicationId: "bench" });
    try {
      const { volume } = await client.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({
        name: "bench", workload: { applicationId: "bench" }, capacityBytes: 64n << 20n,
      }));
      const data = Buffer.alloc(4096, 7);
      let offset = 0n;
      const write = () => {
        offset = (offset + 4096n) % (64n << 20n);
        return client.block.write({ volumeId: volume!.volumeId, offsetBytes: offset, data, durable: false });
      };
      await writesPerSecond(write); // warm-up
      const on: number[] = [];
      const off: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        server.telemetry.setEnabled(true);
        on.push(await writesPerSecond(write));
        server.telemetry.setEnabled(false);
        off.push(await writesPerSecond(write));
      }
      server.telemetry.setEnabled(true);
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const [opsOn, opsOff] = [median(on), median(off)];
      return [{
        bench: "storage Write ops/s (4 KiB, 32 in flight), telemetry on / off",
        ours: `${opsOn.toFixed(0)} ops/s`, baseline: `${opsOff.toFixed(0)} ops/s`, ratio: opsOn / opsOff, target: "≥ 0.95",
      }];
    } finally {
      client.close();
      await server.shutdown();
    }
  },
};
