import { status } from "@grpc/grpc-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StrataError } from "../errors/strata-error.js";
import { ErrorReason } from "../gen/strata/core/v1/errors.js";
import { Layer } from "../gen/strata/core/v1/layer.js";
import { Mode } from "../gen/strata/telemetry/v1/telemetry.js";
import type { RequestInput } from "./request-input.js";
import { createTelemetryRecorder, type TelemetryRecorder } from "./telemetry-recorder.js";
import { OPERATOR, startTelemetryServer, TENANT_T1, type TelemetryTestServer } from "./testing/start-telemetry-server.js";
import { readOnce, type SubscribeRequestInput } from "./testing/stream-reader.js";
import { FIXTURE_CATALOGUE, FIXTURE_LAYER, FIXTURE_OTHER_LAYER } from "../testing/fixture-layer.js";

function request(tenantId: string, applicationId: string, resourceId: string, layer = FIXTURE_LAYER): RequestInput {
  return {
    layer, operation: "read", resourceId, tenantId, applicationId,
    startTimeUnixNano: 1n, durationNs: 10, payloadBytes: 1, statusCode: 0,
  };
}

describe("parseSubscribeRequest()", () => {
  let recorder: TelemetryRecorder;
  let server: TelemetryTestServer;

  beforeEach(async () => {
    recorder = createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE, now: () => 1_000_000_000_000n });
    server = await startTelemetryServer(recorder.subscribe);
  });

  afterEach(async () => {
    recorder.close();
    await server.close();
  });

  async function failure(partial: SubscribeRequestInput): Promise<StrataError> {
    const error = await readOnce(server.client(), partial).then(() => undefined, (e: StrataError) => e);
    expect(error, "the call should fail").toBeInstanceOf(StrataError);
    return error!;
  }

  it.each<[string, SubscribeRequestInput]>([
    ["mode", { mode: Mode.MODE_UNSPECIFIED }],
    ["mode", { mode: 7 as Mode }],
    ["heartbeat_interval_ns", { mode: Mode.MODE_STREAM, heartbeatIntervalNs: 99_999_999n }],
    ["sample_interval_ns", { mode: Mode.MODE_STREAM, sampleIntervalNs: 1_500_000_000n }],
    ["sample_interval_ns", { mode: Mode.MODE_STREAM, sampleIntervalNs: 1n }],
    ["sample_interval_ns", { mode: Mode.MODE_STREAM, sampleIntervalNs: 3601n * 1_000_000_000n }],
    ["selector.layers", { mode: Mode.MODE_STREAM, selector: { layers: [Layer.LAYER_UNSPECIFIED] } }],
    ["selector.layers", { mode: Mode.MODE_STREAM, selector: { layers: [99 as Layer] } }],
    ["resume_log_id", { mode: Mode.MODE_STREAM, resumeAfterSequence: 5n }],
    ["resume_after_sequence", { mode: Mode.MODE_STREAM, resumeAfterSequence: 5n, resumeLogId: "<current>" }],
  ])("should answer INVALID_ARGUMENT naming %s", async (field, partial) => {
    const fixed = partial.resumeLogId === "<current>" ? { ...partial, resumeLogId: recorder.logId } : partial;
    const error = await failure(fixed);
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.fieldViolations.map((v) => v.field)).toEqual([field]);
  });

  it("should name every bad field at once", async () => {
    const error = await failure({ mode: Mode.MODE_UNSPECIFIED, heartbeatIntervalNs: 1n, sampleIntervalNs: 3n });
    expect(error.fieldViolations.map((v) => v.field)).toEqual(["mode", "heartbeat_interval_ns", "sample_interval_ns"]);
  });

  it("should accept the base interval given explicitly and a heartbeat of exactly 100 ms", async () => {
    const messages = await readOnce(server.client(), { mode: Mode.MODE_ONCE, sampleIntervalNs: 1_000_000_000n, heartbeatIntervalNs: 100_000_000n });
    expect(messages.map((m) => m.sync !== undefined)).toEqual([true]);
  });

  it("should ignore resume fields in MODE_ONCE", async () => {
    const messages = await readOnce(server.client(), { mode: Mode.MODE_ONCE, resumeAfterSequence: 99n });
    expect(messages).toHaveLength(1);
  });

  it("should answer PERMISSION_DENIED when a tenant caller names another tenant", async () => {
    const error = await failure({ mode: Mode.MODE_STREAM, selector: { tenantIds: ["t1", "t2"] } });
    expect(error.code).toBe(status.PERMISSION_DENIED);
    expect(error.reason).toBe(ErrorReason.ERROR_REASON_TENANT_MISMATCH);
    expect(error.message).toBe('selector.tenant_ids: tenant "t2" is not the caller\'s tenant');
  });

  describe("selector", () => {
    beforeEach(() => {
      recorder.record(request("t1", "a", "v1"));
      recorder.record(request("t2", "a", "v2"));
      recorder.record(request("t1", "b", "v3"));
      recorder.record(request("t1", "a", "v3", FIXTURE_OTHER_LAYER));
      recorder.flush();
    });

    /** The (sequence, kind, tenant/app/resource) of what a MODE_ONCE stream returns. */
    async function once(selector: SubscribeRequestInput["selector"]): Promise<string[]> {
      const messages = await readOnce(server.client(), { mode: Mode.MODE_ONCE, selector });
      return messages.flatMap((m) => [
        ...(m.batch?.records ?? []).map((r) => `record ${r.tenantId}/${r.applicationId}/${r.resourceId}`),
        ...(m.batch?.samples ?? []).filter((s) => s.metric === "fixture.io.ops").map((s) => `ops ${s.tenantId}/${s.applicationId}/${s.resourceId}`),
      ]).sort();
    }

    it("should give a tenant caller with an empty tenant list its own tenant only", async () => {
      expect(await once({ includeRecords: true })).toEqual([
        "ops t1/a/v1", "ops t1/b/v3", "record t1/a/v1", "record t1/a/v3", "record t1/b/v3",
      ]);
    });

    it("should give an operator every tenant, or the tenants it names", async () => {
      server.setPrincipal(OPERATOR);
      expect(await once({ excludeSamples: true, includeRecords: true })).toEqual([
        "record t1/a/v1", "record t1/a/v3", "record t1/b/v3", "record t2/a/v2",
      ]);
      expect(await once({ tenantIds: ["t2"], includeRecords: true })).toEqual(["ops t2/a/v2", "record t2/a/v2"]);
      server.setPrincipal(TENANT_T1);
    });

    it("should filter on applications, resources and layers together", async () => {
      expect(await once({ applicationIds: ["a"], resourceIds: ["v3", "v1"], includeRecords: true })).toEqual([
        "ops t1/a/v1", "record t1/a/v1", "record t1/a/v3",
      ]);
      expect(await once({ applicationIds: ["a"], resourceIds: ["v3", "v1"], layers: [FIXTURE_OTHER_LAYER], includeRecords: true })).toEqual([
        "record t1/a/v3",
      ]);
    });

    it("should filter samples, not records, on metrics", async () => {
      const messages = await readOnce(server.client(), {
        mode: Mode.MODE_ONCE, selector: { metrics: ["fixture.io.bytes"], includeRecords: true, resourceIds: ["v1"] } 
      });
      const batch = messages[0]!.batch!;
      expect(batch.records.map((r) => r.resourceId)).toEqual(["v1"]);
      expect(batch.samples.map((s) => s.metric)).toEqual(["fixture.io.bytes"]);
    });

    it("should leave records out unless asked, and samples out when excluded", async () => {
      expect(await once({})).toEqual(["ops t1/a/v1", "ops t1/b/v3"]);
      expect(await once({ excludeSamples: true })).toEqual([]);
    });
  });
});
