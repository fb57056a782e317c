import { rpc, telemetry } from "@strata/sdk/contracts";
import { describeError } from "../helpers/describe-error.js";
import { resolveTenantId } from "../helpers/resolve-tenant-id.js";
import { failStream, waitSynced } from "../helpers/telemetry-expect.js";
import { subscribeAs, type TelemetryReader } from "../helpers/telemetry-reader.js";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import { checkEachLayer } from "../registry/check-registry.js";
import type { DrivenCall } from "../registry/traffic-driver.js";
import type { LayerCheckContext } from "../runner/check-context.js";
import type { AnyClients } from "../runner/endpoint-scope.js";

/** How long the records of calls already answered may take to reach a live stream, ms. */
const RECORD_WAIT_MS = 2000;
/** The application_id of a record whose call names none and addresses nothing the caller may see (docs/telemetry.md). */
const UNATTRIBUTED = "unattributed";


/** A synced live stream of request records as `who`. */
async function records(t: LayerCheckContext, who: AnyClients, name: string, selector: Partial<telemetry.Selector>): Promise<TelemetryReader> {
  const reader = subscribeAs(t, who, { mode: telemetry.Mode.MODE_STREAM, selector: { ...selector, includeRecords: true, excludeSamples: true } }, `${name}'s Subscribe`);
  await waitSynced(t, reader, name);
  return reader;
}

/** The one record of a call on a stream, failing when it did not arrive. */
async function recordOf(t: LayerCheckContext, reader: TelemetryReader, call: DrivenCall, name: string): Promise<telemetry.RequestRecord> {
  await reader.waitFor(() => reader.recordsOf(call.trace.traceId).length > 0, RECORD_WAIT_MS, t.signal);
  failStream(t, reader, name);
  const found = reader.recordsOf(call.trace.traceId);
  if (found.length === 0) t.fail(`${call.what} yielded no request record on ${name}'s stream within ${RECORD_WAIT_MS} ms; the standard requires one per request`);
  t.ensure(found.length === 1, `${call.what} yielded ${found.length} records on ${name}'s stream; the standard requires exactly one`);
  return found[0]!.record;
}

checkEachLayer("A data-path call tenant B makes on tenant A's resource is recorded under tenant B, and never reaches tenant A's stream [tenancy] [telemetry]",
  { covers: ["TEL-REC-1", "TEL-REC-2", "TEL-SUB-4", "CORE-TEN-4"] }, async (t) => {
    const { driver } = t.module;
    const resource = await driver.create(t, { stem: "attribution-foreign" });
    const [tenantA, tenantB] = [resource.tenantId || await resolveTenantId(t, "tenantA"), await resolveTenantId(t, "tenantB")];
    const application = uniqueApplicationId(t, "foreign");
    const mine = await records(t, t.tenantA, "tenant A", { resourceIds: [resource.id] });
    const theirs = await records(t, t.tenantB, "tenant B", { applicationIds: [application] });
    const all = await records(t, t.operator, "the operator", { applicationIds: [application] });

    const own = await driver.call(t, resource, { index: 0, label: "tenant A's call" });
    const foreign = await driver.call(t, resource, { index: 1, label: "tenant B's call on tenant A's resource", as: t.tenantB, applicationId: application, code: rpc.Code.NOT_FOUND });
    // A later call of tenant A fences its stream: a record of tenant B's call would come before it.
    const fence = await driver.call(t, resource, { index: 2, label: "tenant A's later call" });
    await recordOf(t, mine, own, "tenant A");
    await recordOf(t, mine, fence, "tenant A");

    const seen = await recordOf(t, all, foreign, "the operator");
    t.ensure(seen.tenantId === tenantB, `${foreign.what}: its record carries tenant_id "${seen.tenantId}"; refused before the ${driver.resourceKind} was resolved `
      + `(tenant B may not see it), the request belongs to the caller's tenant, "${tenantB}"`);
    t.ensure(seen.statusCode === foreign.code, `${foreign.what}: its record carries status_code ${rpc.codeToJSON(seen.statusCode)}; the call was answered ${rpc.codeToJSON(foreign.code)}`);
    const leaked = mine.recordsOf(foreign.trace.traceId);
    t.ensure(leaked.length === 0, `${foreign.what} reached tenant A's stream (record ${leaked[0]?.record.sequence}, tenant_id "${leaked[0]?.record.tenantId}"): `
      + `tenant A learns that tenant B tried its ${driver.resourceKind}, and the record of a refused call belongs to its caller ("${tenantA}" must not see it)`);
    await recordOf(t, theirs, foreign, "tenant B");
  });

checkEachLayer("A data-path call the operator makes on a tenant's resource is recorded under that tenant [tenancy] [telemetry] [operator]",
  { covers: ["TEL-REC-2", "CORE-TEN-2"] }, async (t) => {
    const { driver } = t.module;
    const resource = await driver.create(t, { stem: "attribution-operator" });
    const tenantA = resource.tenantId || await resolveTenantId(t, "tenantA");
    const mine = await records(t, t.tenantA, "tenant A", { resourceIds: [resource.id] });
    const all = await records(t, t.operator, "the operator", { resourceIds: [resource.id] });
    const call = await driver.call(t, resource, { index: 0, label: "the operator's call", as: t.operator });
    const record = await recordOf(t, all, call, "the operator");
    t.ensure(record.tenantId === tenantA, `${call.what}: its record carries tenant_id "${record.tenantId}"; work an operator does on a tenant's ${driver.resourceKind} `
      + `belongs to the tenant owning it, "${tenantA}"`);
    t.ensure(record.applicationId === call.applicationId, `${call.what}: its record carries application_id "${record.applicationId}"; `
      + `the call's strata-application-id was "${call.applicationId}"`);
    await recordOf(t, mine, call, "tenant A");
  });

checkEachLayer("A data-path call without strata-application-id is attributed to the application owning the resource, or unattributed when the caller may not see it [telemetry] [attribution]",
  { covers: ["CORE-ATTR-2", "TEL-REC-2"] }, async (t) => {
    const { driver } = t.module;
    const application = uniqueApplicationId(t, "owner");
    const resource = await driver.create(t, { stem: "attribution-absent", applicationId: application });
    const mine = await records(t, t.tenantA, "tenant A", { resourceIds: [resource.id] });
    const all = await records(t, t.operator, "the operator", { resourceIds: [resource.id] });
    const [bare, bareB] = [t.connect("tenantA", { applicationId: null }), t.connect("tenantB", { applicationId: null })];
    let call: DrivenCall;
    try {
      call = await driver.call(t, resource, { index: 0, label: "tenant A's call without strata-application-id", as: bare });
    } catch (error) {
      return t.fail(`a data-path call without strata-application-id failed: ${describeError(error)}; the metadata is optional (a SHOULD), its absence is no error`);
    }
    const record = await recordOf(t, mine, call, "tenant A");
    t.ensure(record.applicationId === application, `${call.what}: its record carries application_id "${record.applicationId}"; without strata-application-id `
      + `the standard attributes it to the application owning the ${driver.resourceKind}, "${application}"`);
    const foreign = await driver.call(t, resource, { index: 1, label: "tenant B's call without strata-application-id", as: bareB, code: rpc.Code.NOT_FOUND });
    const refused = await recordOf(t, all, foreign, "the operator");
    t.ensure(refused.applicationId === UNATTRIBUTED, `${foreign.what}: its record carries application_id "${refused.applicationId}"; `
      + `a call that names no application and addresses nothing its caller may see is "${UNATTRIBUTED}", so that the owner of another tenant's ${driver.resourceKind} never leaks`);
  });
