import type { ClientReadableStream, ServiceError } from "@grpc/grpc-js";
import { SubscribeRequest, type Selector, type SubscribeResponse, type TelemetryServiceClient } from "../../gen/strata/telemetry/v1/telemetry.js";

/** A request with defaults for everything left out, the selector included. */
export type SubscribeRequestInput = Omit<Partial<SubscribeRequest>, "selector"> & { selector?: Partial<Selector> };

/** Reads a Subscribe stream in tests: messages in order, and how it ended. */
export interface StreamReader {
  readonly call: ClientReadableStream<SubscribeResponse>;
  /** Every message received so far. */
  readonly messages: SubscribeResponse[];
  /** Resolves with the messages received once one satisfies the predicate (rejects if the stream ends first). */
  until(predicate: (message: SubscribeResponse, all: SubscribeResponse[]) => boolean): Promise<SubscribeResponse[]>;
  /** Resolves with null on OK, or the error status. */
  readonly ended: Promise<ServiceError | null>;
  cancel(): void;
}

export function openStream(client: TelemetryServiceClient, request: SubscribeRequestInput): StreamReader {
  const call = client.subscribe(SubscribeRequest.fromPartial(request as SubscribeRequest));
  const messages: SubscribeResponse[] = [];
  const waiters: Array<() => void> = [];
  let done = false;
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  const ended = new Promise<ServiceError | null>((resolve) => {
    call.on("error", (error: ServiceError) => { done = true; resolve(error); wake(); });
    call.on("end", () => { done = true; resolve(null); wake(); });
  });
  call.on("data", (message: SubscribeResponse) => {
    messages.push(message);
    wake();
  });
  return {
    call,
    messages,
    ended,
    cancel: () => call.cancel(),
    until(predicate) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.some((m) => predicate(m, messages))) return resolve([...messages]);
          if (done) return reject(new Error(`stream ended after ${messages.length} messages without the expected one`));
          waiters.push(check);
        };
        check();
      });
    },
  };
}

/** Reads a MODE_ONCE stream to its end; rejects with the status if it fails. */
export async function readOnce(client: TelemetryServiceClient, request: SubscribeRequestInput): Promise<SubscribeResponse[]> {
  const reader = openStream(client, request);
  const error = await reader.ended;
  if (error) throw error;
  return reader.messages;
}
