import { randomBytes } from "node:crypto";
import { core, rpc, telemetry, topology } from "@strata/sdk/contracts";
import { collectStream } from "../helpers/collect-stream.js";
import { expectInvalidField } from "../helpers/expect-invalid-field.js";
import { check } from "../registry/check-registry.js";
import type { CheckContext } from "../runner/check-context.js";

/** The other tenant a request names: tenant B's, when the config tells it, else an id no caller holds. */
const anotherTenant = (t: CheckContext) => t.tenantIds.tenantB ?? `conformance-other-${randomBytes(4).toString("hex")}`;

check("A malformed strata-application-id answers INVALID_ARGUMENT naming the key, without echoing the value [attribution] [errors]",
  { covers: ["CORE-ATTR-1", "CORE-ERR-3"] }, async (t: CheckContext) => {
    const marker = randomBytes(6).toString("hex");
    const values: Array<[string, string]> = [
      ["empty", ""],
      ["with a space", `bad id ${marker}`],
      ["starting with the reserved strata.", `strata.${marker}`],
      ["of 129 bytes", `a${marker}`.padEnd(129, "x")],
    ];
    for (const [what, value] of values) {
      const call = t.tenantA.topology.getTopology(topology.GetTopologyRequest.fromPartial({}), { metadata: { "strata-application-id": value } });
      const error = await expectInvalidField(t, call, "strata-application-id", `GetTopology with a strata-application-id ${what}`);
      const echoed = value !== "" && [error.message, ...error.fieldViolations.map((v) => v.description)].some((text) => text.includes(value));
      t.ensure(!echoed, `GetTopology with a strata-application-id ${what}: the error repeats the value; the standard refuses it without echoing it`);
    }
  });

check("A request bad on its own answers INVALID_ARGUMENT before naming another tenant is refused, and a malformed tenant id is INVALID_ARGUMENT [errors] [tenancy]",
  { covers: ["CORE-ORDER-1", "CORE-ERR-9", "CORE-ERR-7"] }, async (t: CheckContext) => {
    const other = anotherTenant(t);
    const now = (await t.expectCode(t.tenantA.topology.getTopology(topology.GetTopologyRequest.fromPartial({})), rpc.Code.OK, "GetTopology")).revision;
    await expectInvalidField(t, t.tenantA.topology.getTopology(topology.GetTopologyRequest.fromPartial({ atRevision: now + 1000n, tenantIds: [other] })),
      "at_revision", `GetTopology with at_revision ${now + 1000n} (in the future) and tenant_ids = [another tenant]`);
    const watch = t.tenantA.topology.watchTopology(topology.WatchTopologyRequest.fromPartial({ heartbeatIntervalNs: 1_000_000n, tenantIds: [other] }));
    await expectInvalidField(t, collectStream(watch, { until: () => true, signal: t.signal, timeoutMs: t.config.timeoutMs / 2 }), "heartbeat_interval_ns",
      "WatchTopology with heartbeat_interval_ns 1 ms and tenant_ids = [another tenant]");
    const subscribe = t.tenantA.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({ mode: telemetry.Mode.MODE_UNSPECIFIED, selector: { tenantIds: [other] } }));
    await expectInvalidField(t, collectStream(subscribe, { until: () => true, signal: t.signal, timeoutMs: t.config.timeoutMs / 2 }), "mode",
      "Subscribe with MODE_UNSPECIFIED and selector.tenant_ids = [another tenant]");
    const malformed = `not an id ${randomBytes(3).toString("hex")}`;
    const error = await t.expectCode(t.tenantA.topology.getTopology(topology.GetTopologyRequest.fromPartial({ tenantIds: [malformed] })),
      rpc.Code.INVALID_ARGUMENT, "GetTopology with tenant_ids = [an id breaking the id rule]", core.ErrorReason.ERROR_REASON_INVALID_FIELD);
    const named = error.fieldViolations.map((v) => v.field);
    t.ensure(named.some((f) => f.startsWith("tenant_ids")), `GetTopology with a malformed tenant id: the BadRequest names ${named.length ? `[${named.join(", ")}]` : "no field"}; `
      + "the standard requires a field violation naming tenant_ids");
    t.ensure(!error.message.includes(malformed), "GetTopology with a malformed tenant id: the error repeats the value; the standard refuses it without echoing it");
  });

/** How much of a trailer gRPC libraries deliver by default (grpc.max_metadata_size): what an error must stay within. */
const TRAILER_BYTES = 8 * 1024;

check("An error stays within what gRPC delivers in trailers however much of the request is bad: GetTopology naming 2,000 malformed tenant ids answers INVALID_ARGUMENT [errors]",
  { covers: ["CORE-ERR-8", "CORE-ERR-7"] }, async (t: CheckContext) => {
    const tenantIds = Array.from({ length: 2000 }, (_, i) => `not an id ${i} `.padEnd(100, "x"));
    const what = "GetTopology with tenant_ids = 2,000 malformed ids of 100 characters";
    const error = await t.expectCode(t.tenantA.topology.getTopology(topology.GetTopologyRequest.fromPartial({ tenantIds }), { timeoutMs: t.config.timeoutMs / 2 }),
      rpc.Code.INVALID_ARGUMENT, what, core.ErrorReason.ERROR_REASON_INVALID_FIELD);
    const bytes = Buffer.byteLength(error.message) + error.fieldViolations.reduce((sum, v) => sum + Buffer.byteLength(v.field) + Buffer.byteLength(v.description), 0);
    t.ensure(bytes <= TRAILER_BYTES, `${what}: the error's message and field violations take ${bytes} bytes; the standard keeps an error within what gRPC delivers `
      + `in trailers (${TRAILER_BYTES} bytes by default) and never echoes the request without bound`);
  });
