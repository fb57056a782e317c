import { status } from "@grpc/grpc-js";
import { isStrataError, StrataError } from "../../errors/strata-error.js";
import type { CallContext } from "../../server/call-context.js";
import type { WorkResult } from "./compute-backend.js";
import type { ComputeKit } from "./compute-kit.js";
import type { ComputeProgram, ProgramEnvironment, ProgramRequest } from "./compute-program.js";
import type { Instance } from "./contracts.js";

/** What one program request answered and what its CPU work cost on the instance. */
export interface ProgramOutcome {
  output: Buffer;
  /** Sum of the CPU time of the units of work it ran, ns. */
  cpuTimeNs: number;
  /** Sum of their run-queue delays, ns. */
  runQueueDelayNs: number;
}

/** The program an instance runs, or FAILED_PRECONDITION naming the instance. */
export function programOf(kit: ComputeKit, instance: Instance): ComputeProgram {
  const program = instance.program === "" ? undefined : kit.programs.get(instance.program);
  if (!program) throw StrataError.busy("instance", instance.instanceId, "runs no program: program work needs an instance created with one");
  return program;
}

/**
 * Runs one request of an instance's program with the call's context: its
 * CPU work goes to the vendor's backend on the instance, its calls to other
 * layers carry the context. An error of the CPU work (throttled, stopped,
 * cancelled) reaches the caller as it is; any other failure of the program
 * is UNAVAILABLE, naming the instance and what failed.
 */
export async function runProgram(kit: ComputeKit, instance: Instance, request: ProgramRequest, ctx: CallContext): Promise<ProgramOutcome> {
  const program = programOf(kit, instance);
  const own = new WeakSet<object>();
  const outcome = { cpuTimeNs: 0, runQueueDelayNs: 0 };
  const call = { context: ctx, signal: ctx.signal };
  const env: ProgramEnvironment = {
    instance,
    attachments: () => kit.catalog.attachmentsOf(instance.instanceId),
    async run(work): Promise<WorkResult> {
      try {
        const result = await kit.backend.execute({ instance, work, policies: () => kit.catalog.policiesFor(instance), signal: ctx.signal, ctx });
        outcome.cpuTimeNs += Math.max(0, result.cpuTimeNs);
        outcome.runQueueDelayNs += Math.max(0, result.runQueueDelayNs);
        return result;
      } catch (error) {
        if (typeof error === "object" && error !== null) own.add(error);
        throw error;
      }
    },
    network: kit.network?.clients,
    fabric: kit.fabric?.clients,
    lan: () => kit.programPorts.lanOf(instance, call),
    call,
    signal: ctx.signal,
  };
  try {
    const output = await program.handle(request, env);
    if (output.length > kit.maxIoBytes) {
      throw StrataError.unavailable(`program "${instance.program}" of instance "${instance.instanceId}" answered ${output.length} bytes, above Limits.max_io_bytes`);
    }
    return { output, ...outcome };
  } catch (error) {
    if (own.has(error as object) || ctx.signal.aborted || (isStrataError(error) && error.code === status.UNAVAILABLE)) throw error;
    const what = isStrataError(error) ? `${status[error.code as number] ?? error.code}: ${error.message}` : (error as Error)?.message ?? String(error);
    throw StrataError.unavailable(`program "${instance.program}" of instance "${instance.instanceId}" failed (${what})`, error);
  }
}
