import { setTimeout as sleep } from "node:timers/promises";
import { isStrataError } from "@strata/sdk/client";
import { core, rpc } from "@strata/sdk/contracts";
import { describeError } from "../../../helpers/describe-error.js";
import { type StorageClients, type StorageContext } from "../storage-checks.js";

export interface DriveOptions {
  /** Concurrent loops, each with one request outstanding. */
  loops: number;
  /** How long the loops start new requests, ms. */
  durationMs: number;
  /** What every Write stores (at offset 0); a Read reads as many bytes there instead when `read` is set. */
  data: Buffer;
  /** Reads instead of writes. */
  read?: boolean;
  /** Spreads the loops over these volumes (loop i on volumeIds[i % n]); the volume driven by default. */
  volumeIds?: readonly string[];
  /** Who calls; tenant A by default. */
  as?: StorageClients;
}

export interface DriveResult {
  /** Requests that completed OK. */
  ops: number;
  bytes: number;
  /** From the first request sent to the last one answered, ms. */
  windowMs: number;
  /** Throttled answers (RESOURCE_EXHAUSTED with RetryInfo), each retried after its delay. */
  throttled: number;
}

/**
 * Drives Reads or Writes at a volume (or several) from concurrent loops, as
 * fast as the endpoint answers. A throttled request is retried after its
 * RetryInfo delay, as the standard tells callers; throttling without
 * RetryInfo fails the check.
 */
export async function driveIo(t: StorageContext, volumeId: string, options: DriveOptions): Promise<DriveResult> {
  const result: DriveResult = { ops: 0, bytes: 0, windowMs: 0, throttled: 0 };
  const what = options.read ? "read" : "write";
  const volumes = options.volumeIds ?? [volumeId];
  const as = options.as ?? t.tenantA;
  const started = performance.now();
  const loop = async (index: number) => {
    const target = volumes[index % volumes.length]!;
    while (performance.now() - started < options.durationMs && !t.signal.aborted) {
      try {
        if (options.read) await as.block.read({ volumeId: target, offsetBytes: 0n, lengthBytes: BigInt(options.data.length) });
        else await as.block.write({ volumeId: target, offsetBytes: 0n, data: options.data, durable: false });
        result.ops += 1;
        result.bytes += options.data.length;
      } catch (error) {
        if (!isStrataError(error) || Number(error.code) !== rpc.Code.RESOURCE_EXHAUSTED) throw error;
        if (error.retryDelayMs === undefined || error.reason !== core.ErrorReason.ERROR_REASON_THROTTLED) {
          t.fail(`a ${what} under a QoS limit answered ${describeError(error)} without RetryInfo or reason ERROR_REASON_THROTTLED; `
            + "the standard requires a throttled request to carry both");
        }
        result.throttled += 1;
        // After the delay asked for, with jitter, as a client of the retry table waits: requests refused together and
        // retried in step meet the limit together again, and one whose delay was rounded down arrives a moment early.
        await sleep(error.retryDelayMs + 1 + Math.random() * error.retryDelayMs / 2);
      }
    }
  };
  await Promise.all(Array.from({ length: options.loops }, (_, i) => loop(i)));
  result.windowMs = performance.now() - started;
  return result;
}
