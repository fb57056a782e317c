import type { CallContext } from "../../server/call-context.js";
import type { AccessKit } from "./access-kit.js";
import { answerCompute } from "./compute-entry-point.js";
import type { EntryPoint } from "./contracts.js";
import { answerEcho } from "./echo-entry-point.js";

/** Hands a request to its entry point's target and resolves with the answer: the echo's, or the compute instance's. */
export function reachEntryPoint(kit: AccessKit, entryPoint: EntryPoint, payload: Buffer, ctx: CallContext): Promise<Buffer> {
  if (entryPoint.echo) return answerEcho(entryPoint.entryPointId, entryPoint.echo, payload, ctx.signal);
  return answerCompute(kit.compute!, entryPoint, payload, ctx);
}
