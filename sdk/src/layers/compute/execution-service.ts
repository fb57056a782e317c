import { StrataError } from "../../errors/strata-error.js";
import type { CallContext } from "../../server/call-context.js";
import { dataPathInterceptor } from "../../server/data-path-interceptor.js";
import { defineService } from "../../server/service-registration.js";
import type { DataPathRecord } from "../../telemetry/data-path-record.js";
import { COMPUTE_MEASUREMENTS } from "./compute-catalogue.js";
import { visibleInstance, type ComputeKit } from "./compute-kit.js";
import { ExecutionServiceService, InstanceState } from "./contracts.js";
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
      const { work, payloadBytes } = workOf(request, kit.maxIoBytes);
      const instance = visibleInstance(kit, ctx.principal, request.instanceId);
      const { tenantId, applicationId } = instance.workload!;
      const record = recordOf(ctx);
      record.resolve({ resourceId: instance.instanceId, tenantId, applicationId, attributes: { host_id: instance.hostId, work: work.kind } });
      if (instance.state !== InstanceState.INSTANCE_STATE_RUNNING) {
        throw StrataError.busy("instance", instance.instanceId, "is stopped: start it first");
      }
      const result = await kit.backend.execute({
        instance, work, policies: () => kit.catalog.policiesFor(instance), signal: ctx.signal, ctx,
      });
      // Whole nanoseconds, so that the answer, the record and the metrics add up exactly.
      const cpuTimeNs = Math.max(0, Math.round(result.cpuTimeNs));
      const runQueueDelayNs = Math.max(0, Math.round(result.runQueueDelayNs));
      kit.catalog.addCpuTime(instance.instanceId, cpuTimeNs);
      record.payloadBytes = payloadBytes;
      record.measurements = { [COMPUTE_MEASUREMENTS.cpuTime]: cpuTimeNs, [COMPUTE_MEASUREMENTS.runQueueDelay]: runQueueDelayNs };
      return { digest: result.digest, cpuTimeNs: BigInt(cpuTimeNs), runQueueDelayNs: BigInt(runQueueDelayNs) };
    },
  });
}

function recordOf(ctx: CallContext): DataPathRecord {
  if (!ctx.dataPath) throw new Error("compute Execute served without its data-path interceptor");
  return ctx.dataPath;
}
