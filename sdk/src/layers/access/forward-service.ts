import { StrataError } from "../../errors/strata-error.js";
import { Feature } from "../../gen/strata/core/v1/identity.js";
import type { CallContext } from "../../server/call-context.js";
import { dataPathInterceptor } from "../../server/data-path-interceptor.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import type { DataPathRecord } from "../../telemetry/data-path-record.js";
import { ACCESS_MEASUREMENTS } from "./access-catalogue.js";
import { visibleSession, type AccessKit } from "./access-kit.js";
import { ForwardServiceService, SessionState } from "./contracts.js";
import { reachEntryPoint } from "./reach-entry-point.js";

/**
 * The access data path: every Forward yields one request record
 * (dataPathInterceptor), whatever answers it; createAccessServer puts it on
 * the server so that a customized forward service keeps it.
 */
export const accessDataPath = dataPathInterceptor(ForwardServiceService, {
  forward: { operation: "forward", resourceId: (request) => request.sessionId },
});

/**
 * strata.access.v1.ForwardService: hands a request of an open session to the
 * backend, which shapes it and calls deliver(); the kit reaches the entry
 * point and times it. The record's duration includes the shaping delay and
 * the entry point's time: it is the access latency the user saw.
 */
export function createForwardService(kit: AccessKit) {
  return defineService(ForwardServiceService, {
    async forward(request, ctx) {
      validate().id("session_id", request.sessionId).throwIfAny();
      const session = visibleSession(kit, ctx.principal, request.sessionId);
      const { tenantId, applicationId } = session.workload!;
      const record = recordOf(ctx);
      record.resolve({ resourceId: session.sessionId, tenantId, applicationId, attributes: { entry_point_id: session.entryPointId, device_id: session.deviceId } });
      if (session.state !== SessionState.SESSION_STATE_OPEN) throw StrataError.busy("session", session.sessionId, "is closed: open a new session");
      const entryPoint = kit.catalog.entryPoints.get(session.entryPointId)!;
      const payload = Buffer.from(request.payload);
      let entryPointNs: number | undefined;
      const carried = await kit.backend.forward({
        session, entryPoint, payload, signal: ctx.signal, ctx,
        policy: () => (kit.capabilities.has(Feature.FEATURE_ACCESS_SHAPING) ? kit.catalog.policies.get(tenantId) : undefined),
        async deliver() {
          if (entryPointNs !== undefined) throw new Error(`deliver() called twice for one Forward on session ${session.sessionId}`);
          const started = process.hrtime.bigint();
          entryPointNs = 0;
          try {
            return await reachEntryPoint(kit, entryPoint, payload, ctx);
          } finally {
            entryPointNs = Number(process.hrtime.bigint() - started);
          }
        },
      });
      if (entryPointNs === undefined) throw new Error(`the backend answered a Forward on session ${session.sessionId} without delivering it`);
      // Whole nanoseconds, so that the answer, the record and the metrics add up exactly.
      const shapingDelayNs = Math.max(0, Math.round(carried.shapingDelayNs));
      const bytes = payload.length + carried.payload.length;
      kit.catalog.count(session.sessionId, bytes);
      record.payloadBytes = bytes;
      record.measurements = { [ACCESS_MEASUREMENTS.shapingDelay]: shapingDelayNs, [ACCESS_MEASUREMENTS.entryPoint]: entryPointNs };
      return { payload: carried.payload, shapingDelayNs: BigInt(shapingDelayNs), entryPointNs: BigInt(entryPointNs) };
    },
  });
}

function recordOf(ctx: CallContext): DataPathRecord {
  if (!ctx.dataPath) throw new Error("access Forward served without its data-path interceptor");
  return ctx.dataPath;
}
