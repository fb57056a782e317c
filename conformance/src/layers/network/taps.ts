import { core, rpc } from "@strata/sdk/contracts";
import { network } from "@strata/sdk/network";
import { collectStream } from "../../helpers/collect-stream.js";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { check } from "./network-checks.js";
import { makeLan } from "./support/lan.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { createTap, openTap, trackTap } from "./support/taps.js";

const { Code } = rpc;
const Reason = core.ErrorReason;

check("TapService answers every row of its error tables; CreateTap is idempotent and DeleteTap ends the tap's streams [network] [taps] [errors] [idempotency]", { covers: ["NET-SVC-1", "NET-TAP-1", "NET-TAP-2", "CORE-IDEM-1", "CORE-IDEM-2", "CORE-IDEM-4", "CORE-ERR-7", "CORE-ERR-3", "CORE-TEN-5", "CORE-TEN-6", "CORE-TEN-7", "CORE-COMP-1"] }, async (t) => {
  const app = t.config.applicationId;
  const lan = await makeLan(t, "taps");
  const theirs = await makeLan(t, "taps-b", { as: t.tenantB });
  const selector = { networkIds: [lan.network.networkId], endpointIds: [lan.endpoints[0]!.endpointId] };
  type Fields = Omit<Partial<network.CreateTapRequest>, "selector"> & { selector?: Partial<network.TapSelector> };
  const request = (fields: Fields) => network.CreateTapRequest.fromPartial({ name: uniqueName("tap"), workload: { applicationId: app }, selector, ...fields });
  const create = (fields: Fields) => trackTap(t, t.tenantA.taps.createTap(request(fields)));

  const first = await createTap(t, "idem", selector);
  t.equal([first.workload?.applicationId, [...first.selector!.networkIds], [...first.selector!.endpointIds]], [app, selector.networkIds, selector.endpointIds],
    "CreateTap must answer the tap with its application and selector");
  const repeats = await t.repeat((i) => t.expectCode(create({ name: first.name }), Code.OK, `CreateTap repeated with the same name and selector (call ${i + 1})`));
  t.ensure(repeats.every((r) => r.tap?.tapId === first.tapId), "CreateTap repeated with the same name and parameters must answer the existing tap");
  await t.expectCode(create({ name: first.name, selector: { ...selector, networkIds: [] } }), Code.ALREADY_EXISTS, "CreateTap reusing a name with another selector",
    Reason.ERROR_REASON_CONFLICTING_PARAMETERS);
  await t.expectCode(create({ name: first.name, workload: { applicationId: `${app}-other`, tenantId: "", component: "" } }), Code.ALREADY_EXISTS,
    "CreateTap reusing a name with another application", Reason.ERROR_REASON_CONFLICTING_PARAMETERS);

  await expectInvalidField(t, create({ name: "" }), "name", "CreateTap without a name");
  await expectInvalidField(t, create({ workload: { applicationId: "", tenantId: "", component: "" } }), "workload.application_id", "CreateTap without workload.application_id");
  const malformed = await t.expectCode(create({ selector: { networkIds: ["no spaces allowed"] } }), Code.INVALID_ARGUMENT, "CreateTap with a malformed selector network id",
    Reason.ERROR_REASON_INVALID_FIELD);
  t.ensure(malformed.fieldViolations.some((v) => v.field.startsWith("selector.network_ids")),
    `CreateTap with a malformed selector network id: the BadRequest names ${malformed.fieldViolations.map((v) => v.field).join(", ")}; the standard requires the selector.network_ids field`);
  const tenantB = await resolveTenantId(t, "tenantB");
  await t.expectCode(create({ selector: { tenantIds: [tenantB] } }), Code.PERMISSION_DENIED, "CreateTap by tenant A with selector.tenant_ids naming tenant B",
    Reason.ERROR_REASON_TENANT_MISMATCH);
  await t.expectCode(create({ workload: { applicationId: app, tenantId: tenantB, component: "" } }), Code.PERMISSION_DENIED,
    "CreateTap by tenant A naming tenant B in workload.tenant_id", Reason.ERROR_REASON_TENANT_MISMATCH);
  await t.expectCode(create({ selector: { endpointIds: [theirs.endpoints[0]!.endpointId] } }), Code.NOT_FOUND, "CreateTap by tenant A selecting tenant B's endpoint",
    Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await t.expectCode(create({ selector: { networkIds: [uniqueName("absent")] } }), Code.NOT_FOUND, "CreateTap selecting an unknown network", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);

  await expectInvalidField(t, t.tenantA.taps.getTap({ tapId: "" }), "tap_id", "GetTap without tap_id");
  await t.expectCode(t.tenantA.taps.getTap({ tapId: uniqueName("absent") }), Code.NOT_FOUND, "GetTap of an unknown tap", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await t.expectCode(t.tenantB.taps.getTap({ tapId: first.tapId }), Code.NOT_FOUND, "GetTap by tenant B of tenant A's tap", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await expectInvalidField(t, t.tenantA.taps.deleteTap({ tapId: "" }), "tap_id", "DeleteTap without tap_id");
  const stream = (tapId: string, as = t.tenantA) => collectStream(as.taps.streamTap({ tapId }), { until: () => true, signal: t.signal, timeoutMs: t.config.timeoutMs / 2 });
  await expectInvalidField(t, stream(""), "tap_id", "StreamTap without tap_id");
  await t.expectCode(stream(uniqueName("absent")), Code.NOT_FOUND, "StreamTap of an unknown tap", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await t.expectCode(stream(first.tapId, t.tenantB), Code.NOT_FOUND, "StreamTap by tenant B of tenant A's tap", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);

  const open = openTap(t, first.tapId);
  await t.expectCode(t.tenantB.taps.deleteTap({ tapId: first.tapId }), Code.OK, "DeleteTap by tenant B of tenant A's tap");
  await t.expectCode(t.tenantA.taps.getTap({ tapId: first.tapId }), Code.OK, "GetTap after tenant B's DeleteTap");
  await t.repeat((i) => t.expectCode(t.tenantA.taps.deleteTap({ tapId: first.tapId }), Code.OK, `DeleteTap (call ${i + 1})`));
  t.ensure(await open.waitForEnd(2000, t.signal), "an open StreamTap stream did not end within 2000 ms of DeleteTap; the standard ends it with OK");
  t.ensure(open.error === undefined, `StreamTap ended with ${open.error?.message} when its tap was deleted; the standard ends it with OK`);
  await t.expectCode(t.tenantA.taps.getTap({ tapId: first.tapId }), Code.NOT_FOUND, "GetTap after DeleteTap", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
});
