import { StrataError } from "../../errors/strata-error.js";
import type { EchoSpec } from "./device-backend.js";

/** The longest echo.delay_ns a transaction may ask for: one second. */
export const MAX_ECHO_DELAY_NS = 1_000_000_000;

/** Resolves once `ns` have passed on the monotonic clock (a timer may fire a little early), or rejects CANCELLED when `signal` aborts. */
function holdFor(ns: number, signal: AbortSignal): Promise<void> {
  const until = process.hrtime.bigint() + BigInt(Math.max(0, Math.ceil(ns)));
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(StrataError.cancelled("the transaction, while the echo application held it"));
    };
    const wait = () => {
      const left = until - process.hrtime.bigint();
      if (left <= 0n) {
        signal.removeEventListener("abort", onAbort);
        resolve();
        return;
      }
      timer = setTimeout(wait, Math.max(1, Math.ceil(Number(left) / 1e6)));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    wait();
  });
}

/**
 * The built-in echo application (docs/device.md, Routes): holds the
 * transaction at least `echo.delayNs`, then fails it (UNAVAILABLE) when
 * `echo.fail`, else answers a copy of the payload. Every echo route runs
 * this, whatever carries the bytes to it.
 *
 * @example
 * const answer = await answerEcho(Buffer.from("ping"), { delayNs: 5_000_000, fail: false }, signal);
 */
export async function answerEcho(payload: Buffer, echo: EchoSpec, signal: AbortSignal): Promise<Buffer> {
  if (echo.delayNs > 0) await holdFor(echo.delayNs, signal);
  else if (signal.aborted) throw StrataError.cancelled("the transaction, before the echo application took it");
  if (echo.fail) throw StrataError.unavailable("the echo application failed the transaction (echo.fail)");
  return Buffer.from(payload);
}
