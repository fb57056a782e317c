import { metadataFor } from "@strata/sdk/client";
import { rpc } from "@strata/sdk/contracts";
import { checkHealth } from "../probes/check-health.js";
import { check } from "../registry/check-registry.js";

check("Health.Check of the whole server answers SERVING [health]", { covers: ["CORE-SVC-1"] }, async (t) => {
  const status = await t.expectCode(
    checkHealth(t.operator.identity.raw.getChannel(), {
      service: "",
      metadata: metadataFor({ auth: t.config.credentials.operator, applicationId: t.config.applicationId }),
      timeoutMs: t.config.timeoutMs,
    }),
    rpc.Code.OK, "grpc.health.v1.Health/Check for service \"\"");
  if (status === "SERVING") return;
  const probe = await t.operator.identity.probe({});
  t.fail(`grpc.health.v1.Health/Check for service "" answered ${status} while Probe answers ready = ${probe.ready}; `
    + "the standard requires the standard health service, SERVING exactly when Probe answers ready");
});
