import { createHash } from "node:crypto";
import { StrataError } from "../../errors/strata-error.js";
import { Feature } from "../../gen/strata/core/v1/identity.js";
import type { CallContext } from "../../server/call-context.js";
import { dataPathInterceptor } from "../../server/data-path-interceptor.js";
import { defineService } from "../../server/service-registration.js";
import type { DataPathRecord } from "../../telemetry/data-path-record.js";
import { COMPUTE_MEASUREMENTS } from "./compute-catalogue.js";
import type { WorkResult } from "./compute-backend.js";
import { visibleInstance, type ComputeKit } from "./compute-kit.js";
import { ExecutionServiceService, InstanceState, type Instance } from "./contracts.js";
import { programOf, runProgram } from "./run-program.js";
import { workOf } from "./work-request.js";

/**
 * The compute data path: every Execute yields one request record
 * (dataPathInterceptor), whatever answers it; createComputeServer puts it on
 * the server so that a customized execution service keeps it.
 */
export const computeDataPath = dataPathInterceptor(ExecutionServiceService, {
  execute: { operation: "execute", resourceId: (request) => request.instanceId },
});

/**
 * strata.compute.v1.ExecutionService: runs a unit of work on the backend and
 * records what it measured. The record's duration includes the time the unit
 * waited for a CPU or a limit: it is latency the caller saw.
 */
export function createExecutionService(kit: ComputeKit) {
  return defineService(ExecutionServiceService, {
    async execute(request, ctx) {
      const unit = workOf(request, kit.maxIoBytes);
      const { payloadBytes } = unit;
      if ("program" in unit && !kit.capabilities.has(Feature.FEATURE_COMPUTE_PROGRAMS)) throw StrataError.capabilityNotSupported("FEATURE_COMPUTE_PROGRAMS");
      const instance = visibleInstance(kit, ctx.principal, request.instanceId);
      const { tenantId, applicationId } = instance.workload!;
      const record = recordOf(ctx);
      const kind = "program" in unit ? "program" : unit.work.kind;
      record.resolve({ resourceId: instance.instanceId, tenantId, applicationId, attributes: { host_id: instance.hostId, work: kind } });
      if (instance.state !== InstanceState.INSTANCE_STATE_RUNNING) {
        throw StrataError.busy("instance", instance.instanceId, "is stopped: start it first");
      }
      const result: WorkResult & { output?: Buffer } = "program" in unit
        ? await programResult(kit, instance, unit.program, ctx)
        : await kit.backend.execute({ instance, work: unit.work, policies: () => kit.catalog.policiesFor(instance), signal: ctx.signal, ctx });
      // Whole nanoseconds, so that the answer, the record and the metrics add up exactly.
      const cpuTimeNs = Math.max(0, Math.round(result.cpuTimeNs));
      const runQueueDelayNs = Math.max(0, Math.round(result.runQueueDelayNs));
      kit.catalog.addCpuTime(instance.instanceId, cpuTimeNs);
      record.payloadBytes = payloadBytes;
      record.measurements = { [COMPUTE_MEASUREMENTS.cpuTime]: cpuTimeNs, [COMPUTE_MEASUREMENTS.runQueueDelay]: runQueueDelayNs };
      return { digest: result.digest, cpuTimeNs: BigInt(cpuTimeNs), runQueueDelayNs: BigInt(runQueueDelayNs), output: result.output ?? Buffer.alloc(0) };
    },
  });
}

/** A ProgramWork's answer as a WorkResult plus the program's output. */
async function programResult(kit: ComputeKit, instance: Instance, payload: Buffer, ctx: CallContext): Promise<WorkResult & { output: Buffer }> {
  programOf(kit, instance);
  const outcome = await runProgram(kit, instance, { operation: "execute", payload }, ctx);
  return {
    digest: createHash("sha256").update(outcome.output).digest(), output: outcome.output,
    cpuTimeNs: outcome.cpuTimeNs, runQueueDelayNs: outcome.runQueueDelayNs,
  };
}

function recordOf(ctx: CallContext): DataPathRecord {
  if (!ctx.dataPath) throw new Error("compute Execute served without its data-path interceptor");
  return ctx.dataPath;
}
