import { core, rpc } from "@strata/sdk/contracts";
import { compute } from "@strata/sdk/compute";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { check } from "./compute-checks.js";
import { createInstance } from "./support/compute-instances.js";
import { executeCall, type WorkSpec } from "./support/execute-call.js";
import { expectedDigest } from "./support/expected-digest.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
/** Slack for the two clocks when an answer says a unit waited longer than the caller did, ms. */
const CLOCK_EPSILON_MS = 1;
/** A spin keeps one vCPU busy for its CPU time: its latency is at least that, give or take a runtime's helper threads. */
const SPIN_WALL_RATIO = 0.8;

check("Execute does the real work of each kind: the digests of docs/compute.md, a spin's CPU time and latency, waits within the latency observed [compute] [execution]",
  { covers: ["COMP-WORK-1", "CORE-COMP-1", "COMP-SVC-1"] }, async (t) => {
    const { instanceId } = await createInstance(t, "work");
    const seed = Buffer.from("strata-compute");
    const units: Array<[WorkSpec, string]> = [
      [{ hash: { sizeBytes: 100_000n, seed } }, expectedDigest.hash(100_000, seed)],
      [{ hash: { sizeBytes: 5000n, seed: Buffer.alloc(0) } }, expectedDigest.hash(5000, Buffer.alloc(0))],
      [{ sort: { count: 20_000, seed: 12345 } }, expectedDigest.sort(20_000, 12345)],
      [{ sort: { count: 10, seed: 0 } }, expectedDigest.sort(10, 0)],
      [{ spin: { cpuTimeNs: 5_000_000n } }, ""],
    ];
    for (const [index, [work, digest]] of units.entries()) {
      const call = await executeCall(t, { instanceId, work, label: `unit #${index + 1}` });
      const answer = call.response!;
      t.ensure(answer.digest.toString("hex") === digest, `${call.what} answered digest "${answer.digest.toString("hex")}"; `
        + `docs/compute.md fixes "${digest}" for this work, which proves it was done`);
      const waitedMs = Number(answer.runQueueDelayNs) / 1e6;
      t.ensure(waitedMs <= call.observedMs + CLOCK_EPSILON_MS, `${call.what}: run_queue_delay_ns is ${waitedMs.toFixed(2)} ms, `
        + `more than the ${call.observedMs.toFixed(2)} ms the caller waited for the answer; the standard requires the time it really waited`);
      if (work.spin) {
        const spinMs = Number(work.spin.cpuTimeNs) / 1e6;
        t.ensure(answer.cpuTimeNs >= work.spin.cpuTimeNs, `${call.what} answered cpu_time_ns ${answer.cpuTimeNs}; `
          + `a spin runs until it used the ${work.spin.cpuTimeNs} ns asked for`);
        t.ensure(call.observedMs >= SPIN_WALL_RATIO * spinMs, `${call.what} was answered in ${call.observedMs.toFixed(2)} ms; a spin keeps a vCPU busy `
          + `for its ${spinMs} ms of CPU time, so its answer cannot come sooner: the endpoint did not do the work it reports`);
      }
    }
    const { instance } = await t.expectCode(t.tenantA.instances.getInstance({ instanceId }), Code.OK, "GetInstance after the work");
    t.ensure((instance?.cpuTimeNs ?? 0n) >= 5_000_000n, `GetInstance answers cpu_time_ns ${instance?.cpuTimeNs} after a spin of 5 ms of CPU; `
      + "the standard sums the cpu_time_ns of every unit the instance completed");
  });

check("Execute answers each error of its table: INVALID_ARGUMENT naming the field, NOT_FOUND [compute] [execution] [errors]", { covers: ["CORE-ERR-7", "CORE-ERR-3", "CORE-LIM-2"] }, async (t) => {
  const { instanceId } = await createInstance(t, "execute-errors");
  const max = t.limits.maxIoBytes;
  const rows: [string, string, compute.ExecuteRequest][] = [
    ["instance_id", "without instance_id", compute.ExecuteRequest.fromPartial({ instanceId: "", spin: { cpuTimeNs: 1000n } })],
    ["work", "without work", compute.ExecuteRequest.fromPartial({ instanceId })],
    ["hash.size_bytes", `hashing ${max + 1n} bytes, above Limits.max_io_bytes`, compute.ExecuteRequest.fromPartial({ instanceId, hash: { sizeBytes: max + 1n } })],
    ["hash.seed", "with a 1025-byte hash.seed", compute.ExecuteRequest.fromPartial({ instanceId, hash: { sizeBytes: 10n, seed: Buffer.alloc(1025, 1) } })],
    ["sort.count", `sorting ${max / 4n + 1n} numbers, 4 × count above Limits.max_io_bytes`,
      compute.ExecuteRequest.fromPartial({ instanceId, sort: { count: Number(max / 4n) + 1, seed: 1 } })],
    ["spin.cpu_time_ns", "spinning for 1.000000001 s", compute.ExecuteRequest.fromPartial({ instanceId, spin: { cpuTimeNs: 1_000_000_001n } })],
  ];
  for (const [field, situation, request] of rows) await expectInvalidField(t, t.tenantA.execution.execute(request), field, `Execute ${situation}`);
  await t.expectCode(t.tenantA.execution.execute({ instanceId: uniqueName("unknown"), spin: { cpuTimeNs: 1000n } }), Code.NOT_FOUND,
    "Execute on an unknown instance", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await t.expectCode(t.tenantA.execution.execute({ instanceId, sort: { count: Number(max / 4n), seed: 1 } }), Code.OK,
    `Execute sorting ${max / 4n} numbers, exactly Limits.max_io_bytes`);
});
