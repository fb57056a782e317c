import { core, rpc } from "@strata/sdk/contracts";
import { access } from "@strata/sdk/access";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { uniqueApplicationId, uniqueName } from "../../helpers/unique-name.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { check } from "./access-checks.js";
import { entryPointRequest, openSession, registerEntryPoint } from "./support/access-resources.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
const Feature = core.Feature;

check("RegisterEntryPoint returns the entry point as asked, idempotently; GetEntryPoint and ListEntryPoints by application show it [access] [entry-points]",
  { covers: ["ACC-SVC-1", "ACC-EP-1", "CORE-IDEM-1"] }, async (t) => {
    const applicationId = uniqueApplicationId(t, "entry");
    const request = entryPointRequest(t, "entry", { applicationId, echo: { delayNs: 2_000_000n }, labels: { team: "conformance" } });
    const { entryPoint } = await t.expectCode(t.tenantA.entryPoints.registerEntryPoint(request), Code.OK, `RegisterEntryPoint "${request.name}"`);
    if (!entryPoint) return t.fail("RegisterEntryPoint answered OK without an entry point; the response must carry it");
    const entryPointId = entryPoint.entryPointId;
    t.track(() => t.tenantA.entryPoints.deregisterEntryPoint({ entryPointId }), `DeregisterEntryPoint ${entryPointId}`);
    t.equal({ name: entryPoint.name, applicationId: entryPoint.workload?.applicationId, echo: entryPoint.echo, labels: entryPoint.labels },
      { name: request.name, applicationId, echo: { delayNs: 2_000_000n, down: false }, labels: { team: "conformance" } },
      "RegisterEntryPoint must carry name, workload, the echo target and labels as asked");
    const again = await t.expectCode(t.tenantA.entryPoints.registerEntryPoint(request), Code.OK, "RegisterEntryPoint repeated");
    t.equal(again.entryPoint?.entryPointId, entryPointId, "RegisterEntryPoint repeated with the same name and parameters must answer the existing entry point");
    const { entryPoint: read } = await t.expectCode(t.tenantA.entryPoints.getEntryPoint({ entryPointId }), Code.OK, `GetEntryPoint ${entryPointId}`);
    t.equal(read?.name, request.name, "GetEntryPoint must answer the entry point registered");
    const other = await registerEntryPoint(t, "entry-other");
    const listed = await walkPages(t, "ListEntryPoints filtered by application_id", async (page) => {
      const answer = await t.tenantA.entryPoints.listEntryPoints({ page, applicationId });
      return { items: answer.entryPoints, page: answer.page };
    });
    t.equal(listed.map((e) => e.entryPointId), [entryPointId],
      `ListEntryPoints filtered by application_id served ${listed.length} entry points (entry point ${other.entryPointId} is of another application)`);
  });

check("EntryPointService answers each error of its table: INVALID_ARGUMENT naming the field, PERMISSION_DENIED, ALREADY_EXISTS, FAILED_PRECONDITION, NOT_FOUND [access] [entry-points] [errors]",
  { covers: ["ACC-EP-4", "ACC-EP-5", "ACC-EP-6", "CORE-ERR-7", "CORE-IDEM-2"] }, async (t) => {
    const request = (fields: Partial<access.RegisterEntryPointRequest>) => ({ ...entryPointRequest(t, "entry-errors"), ...fields });
    const app = t.config.applicationId;
    const rows: [string, string, access.RegisterEntryPointRequest][] = [
      ["name", "without name", request({ name: "" })],
      ["name", "with a name of 129 bytes", request({ name: "n".repeat(129) })],
      ["workload.application_id", "without workload.application_id", request({ workload: { tenantId: "", applicationId: "", component: "" } })],
      ["target", "without a target", request({ echo: undefined })],
      ["echo.delay_ns", "with echo.delay_ns of 1.000000001 s", request({ echo: { delayNs: 1_000_000_001n, down: false } })],
    ];
    for (const [field, what, body] of rows) {
      await expectInvalidField(t, t.tenantA.entryPoints.registerEntryPoint(body), field, `RegisterEntryPoint ${what}`);
    }
    if (t.has(Feature.FEATURE_ACCESS_COMPUTE_ENTRY_POINTS)) {
      await expectInvalidField(t, t.tenantA.entryPoints.registerEntryPoint(request({ echo: undefined, compute: { instanceId: "", work: access.ComputeWork.COMPUTE_WORK_HASH } })),
        "compute.instance_id", "RegisterEntryPoint of a compute target without instance_id");
      await expectInvalidField(t, t.tenantA.entryPoints.registerEntryPoint(request({ echo: undefined, compute: { instanceId: "inst-x", work: 0 } })),
        "compute.work", "RegisterEntryPoint of a compute target without work");
    } else {
      await t.expectCode(t.tenantA.entryPoints.registerEntryPoint(request({ echo: undefined, compute: { instanceId: "inst-x", work: access.ComputeWork.COMPUTE_WORK_HASH } })),
        Code.UNIMPLEMENTED, "RegisterEntryPoint of a compute target on an endpoint that does not declare FEATURE_ACCESS_COMPUTE_ENTRY_POINTS",
        Reason.ERROR_REASON_CAPABILITY_NOT_SUPPORTED);
    }
    const tenantB = await resolveTenantId(t, "tenantB");
    await t.expectCode(t.tenantA.entryPoints.registerEntryPoint(request({ workload: { tenantId: tenantB, applicationId: app, component: "" } })),
      Code.PERMISSION_DENIED, "RegisterEntryPoint by tenant A naming tenant B", Reason.ERROR_REASON_TENANT_MISMATCH);

    const entryPoint = await registerEntryPoint(t, "entry-conflict");
    await t.expectCode(t.tenantA.entryPoints.registerEntryPoint(entryPointRequest(t, "", { name: entryPoint.name, echo: { delayNs: 5_000_000n } })),
      Code.ALREADY_EXISTS, "RegisterEntryPoint reusing a name with another echo.delay_ns", Reason.ERROR_REASON_CONFLICTING_PARAMETERS);
    await expectInvalidField(t, t.tenantA.entryPoints.deregisterEntryPoint({ entryPointId: "" }), "entry_point_id", "DeregisterEntryPoint without entry_point_id");
    await expectInvalidField(t, t.tenantA.entryPoints.getEntryPoint({ entryPointId: "" }), "entry_point_id", "GetEntryPoint without entry_point_id");
    await t.expectCode(t.tenantA.entryPoints.getEntryPoint({ entryPointId: uniqueName("ep-unknown") }), Code.NOT_FOUND,
      "GetEntryPoint of an entry point that does not exist", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    await expectInvalidField(t, t.tenantA.entryPoints.listEntryPoints({ page: { pageSize: 0, pageToken: "" }, applicationId: "bad app!" }),
      "application_id", "ListEntryPoints with a malformed application_id");
    await t.expectCode(t.tenantA.entryPoints.deregisterEntryPoint({ entryPointId: uniqueName("ep-unknown") }), Code.OK,
      "DeregisterEntryPoint of an entry point that does not exist");
  });

check("DeregisterEntryPoint of an entry point a session names answers FAILED_PRECONDITION, and OK once the session is deleted [access] [entry-points]",
  { covers: ["CORE-IDEM-4"] }, async (t) => {
    const entryPoint = await registerEntryPoint(t, "entry-busy");
    const session = await openSession(t, "busy-session", { entryPointId: entryPoint.entryPointId });
    await t.expectCode(t.tenantA.sessions.closeSession({ sessionId: session.sessionId }), Code.OK, "CloseSession");
    await t.expectCode(t.tenantA.entryPoints.deregisterEntryPoint({ entryPointId: entryPoint.entryPointId }), Code.FAILED_PRECONDITION,
      "DeregisterEntryPoint of an entry point a closed session names", Reason.ERROR_REASON_RESOURCE_BUSY);
    await t.expectCode(t.tenantB.entryPoints.deregisterEntryPoint({ entryPointId: entryPoint.entryPointId }), Code.OK,
      "DeregisterEntryPoint by tenant B of tenant A's entry point");
    await t.expectCode(t.tenantA.sessions.deleteSession({ sessionId: session.sessionId }), Code.OK, "DeleteSession");
    await t.expectCode(t.tenantA.entryPoints.deregisterEntryPoint({ entryPointId: entryPoint.entryPointId }), Code.OK,
      "DeregisterEntryPoint once its session is deleted");
    await t.expectCode(t.tenantA.entryPoints.getEntryPoint({ entryPointId: entryPoint.entryPointId }), Code.NOT_FOUND,
      "GetEntryPoint after DeregisterEntryPoint", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  });
