import type { ClientReadableStream } from "@grpc/grpc-js";
import { telemetry } from "@strata/sdk/contracts";
import { StreamReader } from "@strata/sdk/testing";
import type { AnyClients } from "../runner/endpoint-scope.js";

/** A SubscribeRequest with defaults for what is left out, the selector included. */
export type SubscribeInput = Omit<Partial<telemetry.SubscribeRequest>, "selector"> & { selector?: Partial<telemetry.Selector> };

/** A record as it arrived: which message of the stream carried it. */
export interface ReceivedRecord {
  record: telemetry.RequestRecord;
  /** Index of the message in reader.messages. */
  message: number;
}

export interface ReceivedSample {
  sample: telemetry.MetricSample;
  message: number;
}

/**
 * A Subscribe stream read in the background, with the indexes telemetry
 * checks need: records by trace id, samples, SyncMarkers, heartbeats, gaps.
 *
 * @example
 * const reader = subscribeAs(t, t.tenantA, { mode: telemetry.Mode.MODE_STREAM, selector: { resourceIds: [id], includeRecords: true } });
 * await reader.waitFor(() => reader.synced, 2000);
 */
export class TelemetryReader extends StreamReader<telemetry.SubscribeResponse> {
  readonly records: ReceivedRecord[] = [];
  readonly samples: ReceivedSample[] = [];
  /** Records by lower-case hex trace id ("" for records without one). */
  readonly byTrace = new Map<string, ReceivedRecord[]>();
  /** Message indexes of SyncMarkers, heartbeats and gaps. */
  readonly syncs: number[] = [];
  readonly heartbeats: number[] = [];
  readonly gaps: number[] = [];
  /** The largest watermark seen, and the log_id of the last message. */
  watermark = 0n;
  logId = "";

  constructor(stream: ClientReadableStream<telemetry.SubscribeResponse>) {
    super(stream);
    this.onMessage((message, index) => {
      if (message.watermark > this.watermark) this.watermark = message.watermark;
      this.logId = message.logId;
      if (message.batch) {
        for (const record of message.batch.records) {
          const received = { record, message: index };
          this.records.push(received);
          const trace = hex(record.traceId);
          const list = this.byTrace.get(trace);
          if (list) list.push(received);
          else this.byTrace.set(trace, [received]);
        }
        for (const sample of message.batch.samples) this.samples.push({ sample, message: index });
      }
      if (message.sync) this.syncs.push(index);
      if (message.heartbeat) this.heartbeats.push(index);
      if (message.gap) this.gaps.push(index);
    });
  }

  /** A SyncMarker arrived. */
  get synced(): boolean {
    return this.syncs.length > 0;
  }

  /** The records carrying this trace id. */
  recordsOf(traceId: string): ReceivedRecord[] {
    return this.byTrace.get(traceId) ?? [];
  }
}

/** Opens a Subscribe stream as `who`, read in the background and cancelled when the check ends. */
export function subscribeAs(
  t: { track(cleanup: () => unknown, what?: string): void },
  who: AnyClients,
  request: SubscribeInput,
  what = "Subscribe",
): TelemetryReader {
  const reader = new TelemetryReader(who.telemetry.subscribe(subscribeRequest(request)));
  t.track(() => reader.cancel(), `cancel ${what}`);
  return reader;
}

/** A full SubscribeRequest from a partial one. */
export function subscribeRequest(request: SubscribeInput): telemetry.SubscribeRequest {
  return telemetry.SubscribeRequest.fromPartial(request as telemetry.SubscribeRequest);
}

/** Bytes as lower-case hex. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

/** The base sample interval in ms (1 s when the endpoint declares none: the identity suite fails that). */
export function sampleIntervalMs(limits: { sampleIntervalNs: bigint }): number {
  return limits.sampleIntervalNs > 0n ? Number(limits.sampleIntervalNs) / 1e6 : 1000;
}
