import { core, rpc } from "@strata/sdk/contracts";
import { compute } from "@strata/sdk/compute";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { check } from "./compute-checks.js";
import { createInstance, instanceRequest, trackCreated } from "./support/compute-instances.js";

const { Code } = rpc;
const { FEATURE_COMPUTE_PROGRAMS } = core.Feature;

check("Programs are refused as the endpoint declares them: an unknown program INVALID_ARGUMENT naming program, program work for an instance without one FAILED_PRECONDITION; undeclared, both UNIMPLEMENTED [compute] [programs]",
  { covers: ["COMP-PROG-1", "COMP-PROG-2", "COMP-PROG-3"] }, async (t) => {
    const declared = t.has(FEATURE_COMPUTE_PROGRAMS);
    const without = declared ? "" : " without FEATURE_COMPUTE_PROGRAMS declared";
    // No endpoint offers a program of this name: program names are the endpoint's own, and this one is the suite's.
    const unknown = instanceRequest(t, "program-unknown", { program: uniqueName("no-such-program") });
    const create = trackCreated(t, t.tenantA.instances.createInstance(unknown));
    const what = `CreateInstance with program "${unknown.program}"${without}`;
    if (declared) await expectInvalidField(t, create, "program", `${what}, a program the endpoint does not offer`);
    else await t.expectCode(create, Code.UNIMPLEMENTED, what);

    const { instanceId } = await createInstance(t, "program-none");
    const work = t.tenantA.execution.execute(compute.ExecuteRequest.fromPartial({ instanceId, program: { payload: Buffer.from("conformance") } }));
    await t.expectCode(work, declared ? Code.FAILED_PRECONDITION : Code.UNIMPLEMENTED,
      `Execute with program work for instance ${instanceId}, which runs no program${without}`);
  });
