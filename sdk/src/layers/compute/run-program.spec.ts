import { createHash } from "node:crypto";
import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type StrataClients } from "../../client/connect.js";
import { Feature } from "../../gen/strata/core/v1/identity.js";
import type { ComputeBackend } from "./compute-backend.js";
import type { ComputeProgram } from "./compute-program.js";
import { COMPUTE_SERVICES } from "./compute-services.js";
import { createComputeServer, type ComputeServer } from "./create-compute-server.js";
import { compute } from "./index.js";

const codeOf = (p: Promise<unknown>) => p.then(() => status.OK, (e: { code: number }) => e.code);

/** A backend that hashes on the spot and reports fixed costs. */
const backend: ComputeBackend = {
  hosts: () => [{ hostId: "host-0", name: "host 0", cpuCores: 2, memoryBytes: 1n << 30n }],
  startInstance: async () => {},
  stopInstance: async () => {},
  deleteInstance: async () => {},
  memoryUsedBytes: () => 0n,
  async execute({ work }) {
    const seed = work.kind === "hash" ? work.seed : Buffer.alloc(0);
    return { digest: createHash("sha256").update(seed).digest(), cpuTimeNs: 1000, runQueueDelayNs: 10 };
  },
};

/** Two CPU units, then the payload in capitals. */
const shout: ComputeProgram = {
  async handle({ operation, payload }, env) {
    await env.run({ kind: "hash", sizeBytes: 64, seed: payload });
    await env.run({ kind: "spin", cpuTimeNs: 1 });
    return Buffer.from(`${operation}:${payload.toString().toUpperCase()}`);
  },
};
const broken: ComputeProgram = { handle: async () => { throw new Error("disk on fire"); } };

describe("runProgram()", () => {
  const servers: ComputeServer[] = [];
  let withPrograms: StrataClients<typeof COMPUTE_SERVICES>;
  let without: StrataClients<typeof COMPUTE_SERVICES>;

  const start = async (programs?: Record<string, ComputeProgram>) => {
    const server = createComputeServer({
      info: { vendor: "Test", product: "compute-programs", version: "1" }, backend, auth: { insecureDevelopmentMode: true },
      ...(programs ? { programs } : {}), limits: { maxIoBytes: 1024 },
    });
    servers.push(server);
    return connect(await server.listen("127.0.0.1:0"), { services: COMPUTE_SERVICES, auth: { tenant: "t1" } });
  };
  const create = (client: StrataClients<typeof COMPUTE_SERVICES>, name: string, program: string) =>
    client.instances.createInstance(compute.CreateInstanceRequest.fromPartial({ name, workload: { applicationId: "shop" }, vcpuCount: 1, memoryBytes: 64n << 20n, program }));
  const run = (client: StrataClients<typeof COMPUTE_SERVICES>, instanceId: string, payload: Buffer) =>
    client.execution.execute(compute.ExecuteRequest.fromPartial({ instanceId, program: { payload } }));

  beforeAll(async () => {
    withPrograms = await start({ shout, broken });
    without = await start();
  });

  afterAll(async () => {
    withPrograms.close();
    without.close();
    await Promise.all(servers.map((s) => s.shutdown(100)));
  });

  it("should declare FEATURE_COMPUTE_PROGRAMS only when given programs, and refuse programs without it with UNIMPLEMENTED", async () => {
    const features = async (c: StrataClients<typeof COMPUTE_SERVICES>) => (await c.identity.getCapabilities({})).capabilities.map((f) => f.feature);
    expect(await features(withPrograms)).toContain(Feature.FEATURE_COMPUTE_PROGRAMS);
    expect(await features(without)).not.toContain(Feature.FEATURE_COMPUTE_PROGRAMS);
    expect(await codeOf(create(without, "web", "shout"))).toBe(status.UNIMPLEMENTED);
    const { instance } = await create(without, "plain", "");
    expect(await codeOf(run(without, instance!.instanceId, Buffer.from("x")))).toBe(status.UNIMPLEMENTED);
  });

  it("should refuse a program the endpoint does not offer, or a malformed one, with INVALID_ARGUMENT, and compare program for idempotency", async () => {
    expect(await codeOf(create(withPrograms, "web", "whistle"))).toBe(status.INVALID_ARGUMENT);
    expect(await codeOf(create(withPrograms, "web", "no spaces"))).toBe(status.INVALID_ARGUMENT);
    const { instance } = await create(withPrograms, "idem", "shout");
    expect(instance!.program).toBe("shout");
    expect((await create(withPrograms, "idem", "shout")).instance!.instanceId).toBe(instance!.instanceId);
    expect(await codeOf(create(withPrograms, "idem", "broken"))).toBe(status.ALREADY_EXISTS);
  });

  it("should hand the payload to the program and answer its output, its digest, and the sums of the CPU work it ran on the instance", async () => {
    const { instance } = await create(withPrograms, "shouter", "shout");
    const answer = await run(withPrograms, instance!.instanceId, Buffer.from("hello"));
    expect(Buffer.from(answer.output).toString()).toBe("execute:HELLO");
    expect(Buffer.from(answer.digest)).toEqual(createHash("sha256").update("execute:HELLO").digest());
    expect(answer.cpuTimeNs).toBe(2000n);
    expect(answer.runQueueDelayNs).toBe(20n);
    const { instance: after } = await withPrograms.instances.getInstance({ instanceId: instance!.instanceId });
    expect(after!.cpuTimeNs).toBe(2000n);
  });

  it("should answer FAILED_PRECONDITION to program work for an instance that runs none, INVALID_ARGUMENT above max_io_bytes, UNAVAILABLE when the program fails", async () => {
    const { instance: plain } = await create(withPrograms, "plain", "");
    expect(await codeOf(run(withPrograms, plain!.instanceId, Buffer.from("x")))).toBe(status.FAILED_PRECONDITION);
    const { instance: shouter } = await create(withPrograms, "shouter-2", "shout");
    expect(await codeOf(run(withPrograms, shouter!.instanceId, Buffer.alloc(1025)))).toBe(status.INVALID_ARGUMENT);
    const { instance: failing } = await create(withPrograms, "failing", "broken");
    expect(await codeOf(run(withPrograms, failing!.instanceId, Buffer.from("x")))).toBe(status.UNAVAILABLE);
  });
});
