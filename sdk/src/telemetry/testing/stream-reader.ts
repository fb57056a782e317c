import type { SubscribeRequestInput } from "../../client/subscribe.js";
import { SubscribeRequest, type SubscribeResponse, type TelemetryServiceClient } from "../../gen/strata/telemetry/v1/telemetry.js";
import { StreamReader } from "../../testing/stream-reader.js";

export type { SubscribeRequestInput };

/** Opens a Subscribe stream read in the background (defaults for everything the request leaves out). */
export function openStream(client: TelemetryServiceClient, request: SubscribeRequestInput): StreamReader<SubscribeResponse> {
  return new StreamReader(client.subscribe(SubscribeRequest.fromPartial(request as SubscribeRequest)));
}

/** Reads a MODE_ONCE stream to its end; rejects with the status if it fails. */
export async function readOnce(client: TelemetryServiceClient, request: SubscribeRequestInput): Promise<SubscribeResponse[]> {
  const reader = openStream(client, request);
  const error = await reader.done;
  if (error) throw error;
  return reader.messages;
}
