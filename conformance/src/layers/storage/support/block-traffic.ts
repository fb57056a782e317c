import { setTimeout as sleep } from "node:timers/promises";
import { isStrataError, type StrataError } from "@strata/sdk/client";
import { rpc } from "@strata/sdk/contracts";
import { codeName } from "../../../helpers/describe-error.js";
import { callMetadata } from "../../../helpers/call-metadata.js";
import type { DrivenCall } from "../../../registry/traffic-driver.js";
import { storage } from "@strata/sdk/storage";
import { type StorageContext, type StorageClients } from "../storage-checks.js";

export interface BlockCallOptions {
  as?: StorageClients;
  volumeId: string;
  offset: bigint;
  /** Data to write, or the length to read. */
  write?: Uint8Array;
  readLength?: bigint;
  /** Overrides the config's strata-application-id for this call. */
  applicationId?: string;
  /** The status the call must end with (OK by default). */
  code?: rpc.Code;
  /** Names the call in messages ("write #2"). */
  label: string;
  /** Send no traceparent (the call's records then carry an empty trace_id). */
  untraced?: boolean;
  /** Send this traceparent value as is instead of a fresh one (a malformed one, say). */
  traceparent?: string;
}

/** Most throttled attempts one call retries, each after its RetryInfo delay, before its status is asserted as it stands. */
const MAX_THROTTLED_ATTEMPTS = 50;

/** A QoS throttle the retry table says to retry: RESOURCE_EXHAUSTED with RetryInfo. */
export function isThrottled(error: unknown): error is StrataError & { retryDelayMs: number } {
  return isStrataError(error) && Number(error.code) === rpc.Code.RESOURCE_EXHAUSTED && error.retryDelayMs !== undefined;
}

/**
 * Makes one Read or Write with a fresh W3C traceparent (and, if asked, its
 * own strata-application-id), measures its latency on the suite's side and
 * asserts its status code. A call that must succeed and is throttled
 * (RESOURCE_EXHAUSTED with RetryInfo, which a vendor enforcing QoS may
 * answer instead of queueing) is retried after the delay, as the retry
 * table says, each attempt with a fresh traceparent: the call reported is
 * the last attempt.
 *
 * @example
 * const call = await blockCall(t, { volumeId, offset: 0n, write: Buffer.alloc(512, 1), label: "write #1" });
 */
export async function blockCall(t: StorageContext, options: BlockCallOptions): Promise<DrivenCall> {
  const as = options.as ?? t.tenantA;
  const applicationId = options.applicationId ?? t.config.applicationId;
  const code = options.code ?? rpc.Code.OK;
  const operation = options.write ? "write" : "read";
  const size = options.write ? options.write.length : Number(options.readLength ?? 0n);
  const attempt = () => {
    const { trace, metadata } = callMetadata(t, options);
    const started = performance.now();
    const call: Promise<unknown> = options.write
      ? as.block.write(storage.WriteRequest.fromPartial({ volumeId: options.volumeId, offsetBytes: options.offset, data: Buffer.from(options.write) }), { metadata })
      : as.block.read(storage.ReadRequest.fromPartial({ volumeId: options.volumeId, offsetBytes: options.offset, lengthBytes: options.readLength ?? 0n }), { metadata });
    const settled = call.then(() => undefined, (error: unknown) => error).then((error) => ({ error, observedMs: performance.now() - started }));
    return { trace, call, settled };
  };
  let throttled = 0;
  let last = attempt();
  for (let outcome = await last.settled; code === rpc.Code.OK && isThrottled(outcome.error); outcome = await last.settled) {
    if (++throttled >= MAX_THROTTLED_ATTEMPTS || t.signal.aborted) break;
    await sleep(outcome.error.retryDelayMs, undefined, { signal: t.signal }).catch(() => undefined);
    last = attempt();
  }
  const what = `${options.label} (${operation} of ${size} bytes at offset ${options.offset}${code === rpc.Code.OK ? "" : `, answered ${codeName(code)}`}`
    + `${options.untraced ? ", without traceparent" : ""}${throttled > 0 ? `, after ${throttled} throttled attempt(s)` : ""})`;
  await t.expectCode(last.call, code, `BlockService.${options.write ? "Write" : "Read"}: ${options.label}`);
  const { observedMs } = await last.settled;
  return { what, operation, resourceId: options.volumeId, trace: last.trace, applicationId, payloadBytes: code === rpc.Code.OK ? size : 0, code, observedMs };
}
