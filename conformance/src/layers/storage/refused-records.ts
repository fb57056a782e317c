import { core, rpc, telemetry } from "@strata/sdk/contracts";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { failStream, recordProblem, waitSynced } from "../../helpers/telemetry-expect.js";
import { subscribeAs, type TelemetryReader } from "../../helpers/telemetry-reader.js";
import { uniqueApplicationId } from "../../helpers/unique-name.js";
import { blockCall } from "./support/block-traffic.js";
import { createVolume, pattern } from "./support/storage-volumes.js";
import { storageOptions } from "./support/storage-options.js";
import { check, type StorageClients, type StorageContext } from "./storage-checks.js";

// The records of Reads and Writes an endpoint refuses before it has resolved
// the volume (a bad length, a volume the caller may not see): they still
// name the volume the request addressed (docs/storage.md, "What MUST be
// recorded": resource_id is the volume_id of the request).

const { Code } = rpc;
/** How long the records of calls already answered may take to reach a live stream, ms. */
const RECORD_WAIT_MS = 2000;

/** A synced live stream of request records as `who`, narrowed by `selector`. */
async function recordStream(t: StorageContext, who: StorageClients, name: string, selector: Partial<telemetry.Selector>): Promise<TelemetryReader> {
  const reader = subscribeAs(t, who, { mode: telemetry.Mode.MODE_STREAM, selector: { ...selector, includeRecords: true, excludeSamples: true } }, `${name}'s Subscribe`);
  await waitSynced(t, reader, name);
  return reader;
}

check("A Read or Write refused before its volume is resolved is recorded with the volume_id it addressed [storage] [telemetry] [errors]",
  { covers: ["STOR-REC-1", "TEL-REC-2"] }, async (t) => {
    const maxIoBytes = t.limits.maxIoBytes;
    // Large enough that a Read of max_io_bytes + 1 at offset 0 is refused for its length only, never for its range.
    const capacityBytes = [storageOptions(t.config).volumeSizeBytes, ((maxIoBytes + 1n) / 512n + 1n) * 512n].reduce((a, b) => (a > b ? a : b));
    const volume = await createVolume(t, "refused-records", { capacityBytes });
    const [tenantA, tenantB] = [await resolveTenantId(t, "tenantA"), await resolveTenantId(t, "tenantB")];
    const application = uniqueApplicationId(t, "refused");
    const mine = await recordStream(t, t.tenantA, "tenant A", { resourceIds: [volume.volumeId] });
    const all = await recordStream(t, t.operator, "the operator", { applicationIds: [application] });

    const own = await blockCall(t, { volumeId: volume.volumeId, offset: 0n, readLength: maxIoBytes + 1n, code: Code.INVALID_ARGUMENT, applicationId: application,
      label: "tenant A's Read of max_io_bytes + 1 bytes of its own volume" });
    const foreign = [
      await blockCall(t, { as: t.tenantB, volumeId: volume.volumeId, offset: 0n, readLength: 512n, code: Code.NOT_FOUND, applicationId: application,
        label: "tenant B's Read of tenant A's volume" }),
      await blockCall(t, { as: t.tenantB, volumeId: volume.volumeId, offset: 0n, write: pattern(512, 7), code: Code.NOT_FOUND, applicationId: application,
        label: "tenant B's Write to tenant A's volume" }),
    ];
    const calls = [own, ...foreign];
    await all.waitFor(() => calls.every((c) => all.recordsOf(c.trace.traceId).length > 0), RECORD_WAIT_MS, t.signal);
    await mine.waitFor(() => mine.recordsOf(own.trace.traceId).length > 0, 200, t.signal);
    failStream(t, mine, "tenant A");
    failStream(t, all, "the operator");
    for (const call of calls) {
      const record = all.recordsOf(call.trace.traceId)[0]?.record ?? (call === own ? mine.recordsOf(call.trace.traceId)[0]?.record : undefined);
      if (!record) {
        t.fail(`${call.what} yielded no request record within ${RECORD_WAIT_MS} ms on the operator's stream (which selects application_ids ["${application}"]); `
          + "the standard requires one record for every Read and Write, refused or not");
      }
      if (record.resourceId !== call.resourceId) {
        t.fail(`${call.what}: the record (sequence ${record.sequence}) carries resource_id "${record.resourceId}"; refused before the volume was resolved, `
          + `the request still addressed volume "${call.resourceId}", which the standard requires as resource_id`);
      }
      const problem = recordProblem(record, call, { tenantId: call === own ? tenantA : tenantB, layer: core.Layer.LAYER_STORAGE, resourceKind: "volume", attributes: {} });
      if (problem) t.fail(problem);
    }
    t.ensure(mine.recordsOf(own.trace.traceId).length === 1, `${own.what} is missing from tenant A's stream, which selects resource_ids ["${volume.volumeId}"]; `
      + "the record of a tenant's refused call on its own volume belongs to the tenant and names the volume");
  });
