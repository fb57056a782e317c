import { telemetry } from "@strata/sdk/contracts";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** The records of one trace, by its id in hex. */
export const ofTrace = (records: readonly telemetry.RequestRecord[], traceId: string) => records.filter((r) => hex(r.traceId) === traceId);

/** A record as the hub must relay it: every field as the endpoint sent it, but `sequence`, which is the hub log's. */
export function relayedForm(record: telemetry.RequestRecord): Omit<telemetry.RequestRecord, "sequence"> {
  const { sequence: _, ...rest } = record;
  return { ...rest, traceId: Buffer.from(record.traceId), spanId: Buffer.from(record.spanId), parentSpanId: Buffer.from(record.parentSpanId) };
}

export { hex };
