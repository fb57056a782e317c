import { rpc } from "@strata/sdk/contracts";
import { compute } from "@strata/sdk/compute";
import { codeName } from "../../../helpers/describe-error.js";
import { callMetadata, timeCall } from "../../../helpers/call-metadata.js";
import type { DrivenCall } from "../../../registry/traffic-driver.js";
import type { ComputeClients, ComputeContext } from "../compute-checks.js";

/** A unit of work, as an ExecuteRequest carries it. */
export type WorkSpec = Pick<compute.ExecuteRequest, "hash" | "sort" | "spin">;

export interface ExecuteOptions {
  as?: ComputeClients;
  instanceId: string;
  work: WorkSpec;
  /** Overrides the config's strata-application-id for this call. */
  applicationId?: string;
  /** The status the call must end with (OK by default). */
  code?: rpc.Code;
  /** Names the call in messages ("call #2"). */
  label: string;
  /** Send no traceparent (the call's records then carry an empty trace_id). */
  untraced?: boolean;
  /** Send this traceparent value as is instead of a fresh one (a malformed one, say). */
  traceparent?: string;
}

/** A driven Execute, with the answer it got. */
export interface ExecutedCall extends DrivenCall {
  response: compute.ExecuteResponse | undefined;
}

/** The payload docs/compute.md counts for a unit of work, bytes. */
export function payloadOf(work: WorkSpec): number {
  if (work.hash) return Number(work.hash.sizeBytes);
  if (work.sort) return 4 * work.sort.count;
  return 0;
}

/** "hash of 512 bytes", "sort of 100 numbers", "spin of 2 ms". */
export function describeWork(work: WorkSpec): string {
  if (work.hash) return `hash of ${work.hash.sizeBytes} bytes`;
  if (work.sort) return `sort of ${work.sort.count} numbers`;
  if (work.spin) return `spin of ${Number(work.spin.cpuTimeNs) / 1e6} ms of CPU`;
  return "no work";
}

/**
 * Makes one Execute with a fresh W3C traceparent (and, if asked, its own
 * strata-application-id), measures its latency on the suite's side, asserts
 * its status code, and reports what the answer said it measured.
 *
 * @example
 * const call = await executeCall(t, { instanceId, work: { spin: { cpuTimeNs: 2_000_000n } }, label: "spin #1" });
 */
export async function executeCall(t: ComputeContext, options: ExecuteOptions): Promise<ExecutedCall> {
  const as = options.as ?? t.tenantA;
  const { trace, applicationId, metadata } = callMetadata(t, options);
  const code = options.code ?? rpc.Code.OK;
  const what = `${options.label} (${describeWork(options.work)}${code === rpc.Code.OK ? "" : `, answered ${codeName(code)}`}`
    + `${options.untraced ? ", without traceparent" : ""})`;
  const { call, settled } = timeCall(() => as.execution.execute(compute.ExecuteRequest.fromPartial({ instanceId: options.instanceId, ...options.work }), { metadata }));
  let response: compute.ExecuteResponse | undefined;
  if (code === rpc.Code.OK) response = await t.expectCode(call, rpc.Code.OK, `ExecutionService.Execute: ${options.label}`);
  else await t.expectCode(call, code, `ExecutionService.Execute: ${options.label}`);
  const observedMs = await settled;
  return {
    what, operation: "execute", resourceId: options.instanceId, trace, applicationId, code, observedMs, response,
    payloadBytes: code === rpc.Code.OK ? payloadOf(options.work) : 0,
    ...(response ? { measurements: { cpu_time_ns: Number(response.cpuTimeNs), run_queue_delay_ns: Number(response.runQueueDelayNs) } } : {}),
  };
}
