import { setTimeout as sleep } from "node:timers/promises";
import { isStrataError } from "@strata/sdk/client";
import { core, rpc, telemetry } from "@strata/sdk/contracts";
import { callMetadata } from "../../helpers/call-metadata.js";
import { codeName, describeError } from "../../helpers/describe-error.js";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { failStream, recordProblem, waitSynced } from "../../helpers/telemetry-expect.js";
import { subscribeAs } from "../../helpers/telemetry-reader.js";
import type { DrivenCall } from "../../registry/traffic-driver.js";
import { isThrottled } from "./support/block-traffic.js";
import { expectBytes } from "./support/block-bytes.js";
import { policy, setPolicy } from "./support/qos-policies.js";
import { createVolume, pattern } from "./support/storage-volumes.js";
import { check } from "./storage-checks.js";

// A request whose caller left while it waited for QoS is not carried on (docs/storage.md, STOR-QOS-5).

const { Code } = rpc;
/** The limit: under 1 op/s a second write within a second of the first must wait (STOR-QOS-3 allows 1.1 in any second). */
const MAX_IOPS = 1n;
/** The first write's deadline: it may wait up to a second for the limit (a bucket that starts empty). */
const FIRST_WRITE_MS = 3000;
/** The deadline of the write that must wait: it passes long before a second has. */
const DEADLINE_MS = 250;
/**
 * When the suite reads the bytes back, after the first write was answered: the second write's wait ends
 * within the second after the first took its operation, and an endpoint that carried it on regardless has
 * written it a moment later (0.8 s of slack on a busy machine).
 */
const READ_BACK_AFTER_MS = 1800;
/** How long the record of the cancelled write may take to reach a live stream, ms. */
const RECORD_WAIT_MS = 2000;

check("A Write whose deadline passes while it waits for a QoS limit is not carried on: its data is not written, and its record says CANCELLED [storage] [qos] [telemetry]",
  { covers: ["STOR-QOS-5", "STOR-REC-1"] }, async (t) => {
    const volume = await createVolume(t, "qos-cancelled");
    const tenantA = await resolveTenantId(t, "tenantA");
    const reader = subscribeAs(t, t.tenantA, { mode: telemetry.Mode.MODE_STREAM, selector: { resourceIds: [volume.volumeId], includeRecords: true, excludeSamples: true } },
      "tenant A's Subscribe");
    await waitSynced(t, reader, "tenant A");
    await setPolicy(t, policy({ volumeId: volume.volumeId }, { maxIops: MAX_IOPS }));
    const first = pattern(512, 41);
    const late = pattern(512, 42);
    // The first write: served (at once, or once the limit lets it through), or refused by an endpoint that refuses
    // rather than delays (one that admits no more than a fraction of an operation at once refuses every one).
    const served = await t.tenantA.block.write({ volumeId: volume.volumeId, offsetBytes: 0n, data: first, durable: false }, { timeoutMs: FIRST_WRITE_MS })
      .then(() => undefined, (error: unknown) => error);
    if (isThrottled(served)) t.skip(`the first write under max_iops ${MAX_IOPS} was refused (${describeError(served)}): the endpoint refuses rather than delays, so no request waits for QoS`);
    if (served !== undefined) await t.expectCode(Promise.reject(served), Code.OK, `the first write under max_iops ${MAX_IOPS}`);
    const firstAnswered = performance.now();
    // The second, sent at once: a second write within a second of the first must wait (or be refused).
    const label = `the second write under max_iops ${MAX_IOPS}, sent as the first was answered with a deadline of ${DEADLINE_MS} ms`;
    const { trace, metadata, applicationId } = callMetadata(t, {});
    const sent = performance.now();
    const outcome = await t.tenantA.block.write({ volumeId: volume.volumeId, offsetBytes: 0n, data: late, durable: false }, { metadata, timeoutMs: DEADLINE_MS })
      .then(() => undefined, (error: unknown) => error);
    const answeredMs = performance.now() - sent;
    if (outcome === undefined) {
      t.fail(`${label}: answered OK after ${answeredMs.toFixed(0)} ms, ${(performance.now() - firstAnswered).toFixed(0)} ms after the first was answered; `
        + `two writes completed within a second under max_iops ${MAX_IOPS}, more than the 10 % over the limit the standard allows (STOR-QOS-3)`);
    }
    const code = isStrataError(outcome) ? Number(outcome.code) : undefined;
    if (code === Code.RESOURCE_EXHAUSTED) t.skip(`${label}: refused at once (${describeError(outcome)}): the endpoint refuses rather than delays, so no request waits for QoS`);
    if (code !== Code.DEADLINE_EXCEEDED) {
      t.fail(`${label}: expected DEADLINE_EXCEEDED (it waits for the limit) or RESOURCE_EXHAUSTED (refused), got ${describeError(outcome)}`);
    }
    // Past the end of the wait, when a write carried on regardless has been written: the bytes are the first write's.
    await sleep(Math.max(0, firstAnswered + READ_BACK_AFTER_MS - performance.now()), undefined, { signal: t.signal });
    await t.expectCode(t.tenantA.qos.deleteQosPolicy({ target: { volumeId: volume.volumeId } }), Code.OK, "DeleteQosPolicy before the read-back");
    await expectBytes(t, volume.volumeId, 0n, first,
      `${READ_BACK_AFTER_MS} ms after the first write, whose data the second, left by its caller while it waited for QoS, must not have replaced (STOR-QOS-5: not carried on)`);
    const call: DrivenCall = { what: label, operation: "write", resourceId: volume.volumeId, trace, applicationId, payloadBytes: 0, code: Code.CANCELLED, observedMs: answeredMs };
    await reader.waitFor(() => reader.recordsOf(trace.traceId).length > 0, RECORD_WAIT_MS, t.signal);
    failStream(t, reader, "tenant A");
    const records = reader.recordsOf(trace.traceId);
    if (records.length !== 1) {
      t.fail(`${label}: ${records.length} request records within ${RECORD_WAIT_MS} ms on tenant A's stream (selecting resource_ids ["${volume.volumeId}"]); `
        + "the standard requires exactly one record for every Read and Write, a cancelled one included");
    }
    const record = records[0]!.record;
    if (record.statusCode !== Code.CANCELLED) {
      t.fail(`${label}: the record (sequence ${record.sequence}) carries status_code ${codeName(record.statusCode)}; the endpoint answers a request whose caller left `
        + "while it waited for QoS CANCELLED, and the record carries the code it answered (STOR-QOS-5)");
    }
    const problem = recordProblem(record, call, { tenantId: tenantA, layer: core.Layer.LAYER_STORAGE, resourceKind: "volume", attributes: { pool_id: volume.poolId } });
    if (problem) t.fail(problem);
  });
