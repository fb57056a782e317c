import { setTimeout as sleep } from "node:timers/promises";
import { isStrataError } from "@strata/sdk/client";
import { core, rpc } from "@strata/sdk/contracts";
import { describeError } from "../../../helpers/describe-error.js";
import { type StorageContext } from "../storage-checks.js";

export interface DriveOptions {
  /** Concurrent write loops. */
  loops: number;
  /** How long the loops start new writes, ms. */
  durationMs: number;
  /** What every write stores (at offset 0). */
  data: Buffer;
}

export interface DriveResult {
  /** Writes that completed OK. */
  ops: number;
  bytes: number;
  /** From the first write sent to the last one answered, ms. */
  windowMs: number;
  /** Throttled answers (RESOURCE_EXHAUSTED with RetryInfo), each retried after its delay. */
  throttled: number;
}

/**
 * Drives writes at a volume from concurrent loops, as fast as the endpoint
 * answers. A throttled write is retried after its RetryInfo delay, as the
 * standard tells callers; throttling without RetryInfo fails the check.
 */
export async function driveWrites(t: StorageContext, volumeId: string, options: DriveOptions): Promise<DriveResult> {
  const result: DriveResult = { ops: 0, bytes: 0, windowMs: 0, throttled: 0 };
  const started = performance.now();
  const loop = async () => {
    while (performance.now() - started < options.durationMs && !t.signal.aborted) {
      try {
        await t.tenantA.block.write({ volumeId, offsetBytes: 0n, data: options.data, durable: false });
        result.ops += 1;
        result.bytes += options.data.length;
      } catch (error) {
        if (!isStrataError(error) || Number(error.code) !== rpc.Code.RESOURCE_EXHAUSTED) throw error;
        if (error.retryDelayMs === undefined || error.reason !== core.ErrorReason.ERROR_REASON_THROTTLED) {
          t.fail(`a write under a QoS limit answered ${describeError(error)} without RetryInfo or reason ERROR_REASON_THROTTLED; `
            + "the standard requires a throttled request to carry both");
        }
        result.throttled += 1;
        await sleep(error.retryDelayMs);
      }
    }
  };
  await Promise.all(Array.from({ length: options.loops }, loop));
  result.windowMs = performance.now() - started;
  return result;
}
