import { setTimeout as sleep } from "node:timers/promises";
import { StrataError } from "../../errors/strata-error.js";
import type { EchoTarget } from "./contracts.js";

/** The longest an echo may take, ns: one second. */
export const MAX_ECHO_DELAY_NS = 1_000_000_000n;

/**
 * The echo application every access endpoint serves itself: the payload back,
 * byte for byte, no sooner than `delay_ns` after it was handed the request
 * (timers may fire a little early, so it waits again for what is left); an
 * echo that is down answers UNAVAILABLE after its delay. CANCELLED when the
 * caller goes away meanwhile.
 */
export async function answerEcho(entryPointId: string, echo: EchoTarget, payload: Buffer, signal: AbortSignal): Promise<Buffer> {
  const started = process.hrtime.bigint();
  for (let left = echo.delayNs; left > 0n; left = echo.delayNs - (process.hrtime.bigint() - started)) {
    await sleep(Math.max(1, Math.ceil(Number(left) / 1e6)), undefined, { signal }).catch(() => {
      throw StrataError.cancelled(`the echo of entry point "${entryPointId}"`);
    });
  }
  if (echo.down) throw StrataError.unavailable(`entry point "${entryPointId}" (an echo that is down)`);
  return Buffer.from(payload);
}
