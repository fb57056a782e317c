import { isStrataError, StrataError } from "../../errors/strata-error.js";
import { status } from "@grpc/grpc-js";
import { codeToJSON } from "../../gen/google/rpc/code.js";
import type { CallContext } from "../../server/call-context.js";
import { ExecuteRequest } from "../compute/contracts.js";
import { ComputeWork, type ComputeTarget, type EntryPoint } from "./contracts.js";
import type { ComputeReach } from "./compute-reach.js";

/** The most seed bytes a compute hash takes (docs/compute.md). */
const MAX_SEED_BYTES = 1024;

/** The Execute a request on a compute entry point is (docs/access.md, Targets). */
export function executeRequestOf(target: ComputeTarget, payload: Buffer): ExecuteRequest {
  if (target.work === ComputeWork.COMPUTE_WORK_PROGRAM) {
    return ExecuteRequest.fromPartial({ instanceId: target.instanceId, program: { payload } });
  }
  if (target.work === ComputeWork.COMPUTE_WORK_HASH) {
    return ExecuteRequest.fromPartial({ instanceId: target.instanceId, hash: { sizeBytes: BigInt(payload.length), seed: payload.subarray(0, MAX_SEED_BYTES) } });
  }
  const seed = Buffer.alloc(4);
  payload.copy(seed, 0, 0, Math.min(4, payload.length));
  return ExecuteRequest.fromPartial({ instanceId: target.instanceId, sort: { count: Math.ceil(payload.length / 4), seed: seed.readUInt32BE(0) } });
}

/**
 * Carries a request to the compute instance of an entry point: one Execute
 * with the request's context (so it is a child of this layer's span, and
 * carries the record's application), answered with its digest. Any failure
 * of the compute hop is UNAVAILABLE, naming what the compute endpoint said.
 * A program's answer is its output; any other work's, its digest.
 */
export async function answerCompute(reach: ComputeReach, entryPoint: EntryPoint, payload: Buffer, ctx: CallContext): Promise<Buffer> {
  const target = entryPoint.compute!;
  try {
    const answer = await reach.clients.execution.execute(executeRequestOf(target, payload), {
      context: ctx, metadata: reach.metadataFor?.(entryPoint.workload!.tenantId), signal: ctx.signal,
    });
    return Buffer.from(target.work === ComputeWork.COMPUTE_WORK_PROGRAM ? answer.output : answer.digest);
  } catch (error) {
    throw StrataError.unavailable(`entry point "${entryPoint.entryPointId}" (compute instance "${target.instanceId}" answered ${describe(error)})`, error);
  }
}

/**
 * Checks with the compute endpoint that an instance exists and belongs to
 * the tenant (NOT_FOUND otherwise, as for any resource the tenant cannot
 * see), so that no tenant reaches another's instance through an entry point.
 */
export async function checkComputeInstance(reach: ComputeReach, target: ComputeTarget, tenantId: string): Promise<void> {
  const answer = await reach.clients.instances.getInstance({ instanceId: target.instanceId }, { metadata: reach.metadataFor?.(tenantId) })
    .catch((error: unknown) => {
      if (isStrataError(error) && error.code === status.NOT_FOUND) return undefined;
      throw StrataError.unavailable(`the compute endpoint, asked for instance "${target.instanceId}" (it answered ${describe(error)})`, error);
    });
  if (answer?.instance?.workload?.tenantId !== tenantId) throw StrataError.notFound("instance", target.instanceId);
}

function describe(error: unknown): string {
  return isStrataError(error) ? codeToJSON(error.code as number) : "nothing";
}
