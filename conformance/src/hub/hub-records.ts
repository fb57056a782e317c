import { telemetry } from "@strata/sdk/contracts";
import type { AnyClients } from "../runner/endpoint-scope.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** The request records of one resource an endpoint's log holds (MODE_ONCE), as `clients` may see them. */
export async function recordsOf(clients: AnyClients, resourceId: string): Promise<telemetry.RequestRecord[]> {
  const records: telemetry.RequestRecord[] = [];
  const stream = clients.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({
    mode: telemetry.Mode.MODE_ONCE, selector: { resourceIds: [resourceId], includeRecords: true, excludeSamples: true },
  }));
  stream.on("data", (m: telemetry.SubscribeResponse) => records.push(...(m.batch?.records ?? [])));
  await new Promise<void>((resolve, reject) => { stream.on("end", resolve); stream.on("error", reject); });
  return records;
}

/** The records of one trace, by its id in hex. */
export const ofTrace = (records: readonly telemetry.RequestRecord[], traceId: string) => records.filter((r) => hex(r.traceId) === traceId);

/** A record as the hub must relay it: every field as the endpoint sent it, but `sequence`, which is the hub log's. */
export function relayedForm(record: telemetry.RequestRecord): Omit<telemetry.RequestRecord, "sequence"> {
  const { sequence: _, ...rest } = record;
  return { ...rest, traceId: Buffer.from(record.traceId), spanId: Buffer.from(record.spanId), parentSpanId: Buffer.from(record.parentSpanId) };
}

export { hex };
