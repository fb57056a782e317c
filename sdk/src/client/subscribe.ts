import { Metadata, status, type ServiceError } from "@grpc/grpc-js";
import { setTimeout as sleep } from "node:timers/promises";
import { StrataError } from "../errors/strata-error.js";
import type { MetricSample, RequestRecord } from "../gen/strata/telemetry/v1/records.js";
import {
  Mode, SubscribeRequest, type Gap, type Selector, type SubscribeResponse, type TelemetryServiceClient,
} from "../gen/strata/telemetry/v1/telemetry.js";

/** What a subscription yields. Every server message becomes one event; the others come from the helper itself. */
export type SubscribeEvent =
  | { type: "batch"; records: RequestRecord[]; samples: MetricSample[]; watermark: bigint; logId: string }
  | { type: "sync"; sequence: bigint; watermark: bigint; logId: string }
  | { type: "heartbeat"; timeUnixNano: bigint; watermark: bigint; logId: string }
  | { type: "gap"; gap: Gap; watermark: bigint; logId: string }
  /** The stream failed with a retryable error; the helper waits delayMs, then resumes. */
  | { type: "reconnecting"; attempt: number; error: StrataError; delayMs: number }
  /** The server broke the stream contract (a stream_sequence hole, a changed log_id, a falling watermark). */
  | { type: "protocol-error"; message: string };

export interface SubscribeOptions {
  /** Aborting ends the iteration cleanly. */
  signal?: AbortSignal;
  /** Metadata for each (re)connection, for example fresh credentials. */
  metadata?: () => Metadata;
  /** Reconnection delays: exponential from initialMs to maxMs, with jitter. Default 100 ms to 10 s. */
  backoff?: { initialMs: number; maxMs: number };
  /**
   * How long a MODE_STREAM stream may stay silent, not even a Heartbeat
   * arriving, before the helper takes it for stalled, cancels it and resumes
   * (a "reconnecting" event says so). The time the caller spends between
   * events does not count. Default: three heartbeat intervals of the request
   * (heartbeat_interval_ns, or the 10 s a server's default is at most); 0
   * never.
   */
  silenceLimitMs?: number;
}

/** A request with defaults for everything left out, the selector included. */
export type SubscribeRequestInput = Omit<Partial<SubscribeRequest>, "selector"> & { selector?: Partial<Selector> };

// What a subscriber retries: exactly the retry table's codes (docs/overview.md, Retry), and throttling that says
// when. CANCELLED only reaches here when this helper did not cancel the call itself; INTERNAL and UNKNOWN are not retried.
const RETRYABLE = new Set<number>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.ABORTED, status.CANCELLED]);

/**
 * Subscribes to an endpoint's telemetry and keeps the subscription alive: on
 * a retryable error it reconnects with exponential backoff and jitter and
 * resumes after the last watermark it saw, in the same log. Nothing is
 * hidden: what the server reports lost arrives as "gap" events, reconnection
 * attempts as "reconnecting" events, and contract violations as
 * "protocol-error" events. Errors the retry table says not to retry
 * (INVALID_ARGUMENT, PERMISSION_DENIED, UNAUTHENTICATED, INTERNAL, UNKNOWN, …)
 * end the iteration with a StrataError.
 *
 * @example
 * for await (const event of subscribe(client, { mode: Mode.MODE_STREAM }, { signal })) {
 *   if (event.type === "batch") ingest(event.samples);
 *   if (event.type === "gap") alert(event.gap);
 * }
 */
export async function* subscribe(
  client: TelemetryServiceClient, request: SubscribeRequestInput, options: SubscribeOptions = {},
): AsyncGenerator<SubscribeEvent, void, undefined> {
  const base = SubscribeRequest.fromPartial(request as SubscribeRequest);
  const once = base.mode === Mode.MODE_ONCE;
  const backoff = options.backoff ?? { initialMs: 100, maxMs: 10_000 };
  const signal = options.signal;
  let resumeAfterSequence = base.resumeAfterSequence;
  let resumeLogId = base.resumeLogId;
  const silenceLimitMs = once ? 0 : options.silenceLimitMs ?? 3 * Number(base.heartbeatIntervalNs > 0n ? base.heartbeatIntervalNs / 1_000_000n : 10_000n);
  let attempt = 0;
  while (!signal?.aborted) {
    const call = client.subscribe({ ...base, resumeAfterSequence, resumeLogId }, options.metadata?.() ?? new Metadata());
    const cancel = () => call.cancel();
    signal?.addEventListener("abort", cancel, { once: true });
    const check = createStreamCheck();
    let silent = false;
    let silence: NodeJS.Timeout | undefined;
    const listen = () => {
      if (silenceLimitMs > 0) silence = setTimeout(() => { silent = true; call.cancel(); }, silenceLimitMs);
    };
    let failure: StrataError;
    try {
      listen();
      for await (const message of call as AsyncIterable<SubscribeResponse>) {
        clearTimeout(silence);
        attempt = 0;
        const violation = check(message);
        if (violation) yield { type: "protocol-error", message: violation };
        if (!once) {
          resumeAfterSequence = message.watermark;
          resumeLogId = message.logId;
        }
        yield toEvent(message);
        listen();
      }
      if (once) return;
      failure = new StrataError(status.UNAVAILABLE, "the server ended the stream");
    } catch (error) {
      if (signal?.aborted) return;
      failure = silent
        ? new StrataError(status.UNAVAILABLE, `nothing arrived, not even a Heartbeat, for ${silenceLimitMs} ms: the stream is taken for stalled`)
        : toStrataError(error);
      if (!isRetryable(failure)) throw failure;
    } finally {
      clearTimeout(silence);
      signal?.removeEventListener("abort", cancel);
      call.cancel();
    }
    attempt++;
    const delayMs = Math.max(failure.retryDelayMs ?? 0, jitter(Math.min(backoff.maxMs, backoff.initialMs * 2 ** (attempt - 1))));
    yield { type: "reconnecting", attempt, error: failure, delayMs };
    try {
      await sleep(delayMs, undefined, { signal });
    } catch {
      return;
    }
  }
}

/** Checks one stream's messages against the contract; returns what is wrong, if anything. */
function createStreamCheck(): (message: SubscribeResponse) => string | undefined {
  let expected = 1n;
  let watermark = 0n;
  let logId: string | undefined;
  return (message) => {
    const problems: string[] = [];
    if (message.streamSequence !== expected) problems.push(`stream_sequence ${message.streamSequence} where ${expected} was due`);
    if (logId !== undefined && message.logId !== logId) problems.push(`log_id changed from "${logId}" to "${message.logId}" within a stream`);
    if (message.watermark < watermark) problems.push(`watermark fell from ${watermark} to ${message.watermark}`);
    expected = message.streamSequence + 1n;
    watermark = message.watermark > watermark ? message.watermark : watermark;
    logId ??= message.logId;
    return problems.length > 0 ? problems.join("; ") : undefined;
  };
}

function toEvent(m: SubscribeResponse): SubscribeEvent {
  const { watermark, logId } = m;
  if (m.batch) return { type: "batch", records: m.batch.records, samples: m.batch.samples, watermark, logId };
  if (m.sync) return { type: "sync", sequence: m.sync.sequence, watermark, logId };
  if (m.gap) return { type: "gap", gap: m.gap, watermark, logId };
  return { type: "heartbeat", timeUnixNano: m.heartbeat?.timeUnixNano ?? 0n, watermark, logId };
}

function toStrataError(error: unknown): StrataError {
  if (error instanceof StrataError) return error;
  if (error && typeof error === "object" && "code" in error && typeof error.code === "number") {
    return StrataError.fromServiceError(error as ServiceError);
  }
  return new StrataError(status.UNKNOWN, error instanceof Error ? error.message : String(error), { cause: error });
}

function isRetryable(error: StrataError): boolean {
  return RETRYABLE.has(error.code) || (error.code === status.RESOURCE_EXHAUSTED && error.retryDelayMs !== undefined);
}

/** Between half and all of the delay, so that many subscribers of one endpoint do not reconnect in step. */
function jitter(delayMs: number): number {
  return Math.round(delayMs * (0.5 + Math.random() / 2));
}
