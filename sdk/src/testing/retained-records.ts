import type { StrataClients } from "../client/connect.js";
import { telemetry } from "../contracts.js";

/**
 * The request records an endpoint's log holds, read once (MODE_ONCE) as
 * `clients` may see them: every record, or one resource's. For tests that
 * check what a call recorded after it answered.
 *
 * @example
 * const records = await retainedRecords(operator, volumeId);
 * expect(records.map((r) => r.operation)).toEqual(["Write"]);
 */
export async function retainedRecords(clients: Pick<StrataClients<{}>, "telemetry">, resourceId?: string): Promise<telemetry.RequestRecord[]> {
  const records: telemetry.RequestRecord[] = [];
  const stream = clients.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({
    mode: telemetry.Mode.MODE_ONCE,
    selector: { includeRecords: true, excludeSamples: true, resourceIds: resourceId === undefined ? [] : [resourceId] },
  }));
  stream.on("data", (message: telemetry.SubscribeResponse) => records.push(...(message.batch?.records ?? [])));
  await new Promise<void>((resolve, reject) => { stream.on("end", resolve); stream.on("error", reject); });
  return records;
}
