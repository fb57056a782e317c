import { rpc } from "@strata/sdk/contracts";
import { COMMON_SERVICES, serviceName } from "../layers.js";
import { listReflectedServices } from "../probes/list-reflected-services.js";
import { check } from "../registry/check-registry.js";

check("ServerReflection lists the common and layer services [reflection]", { layer: "common" }, async (t) => {
  const listed = await t.expectCode(
    listReflectedServices(t.operator.identity.raw.getChannel(), { version: "v1", timeoutMs: t.config.timeoutMs }),
    rpc.Code.OK, "grpc.reflection.v1.ServerReflection/ServerReflectionInfo list_services");
  const expected = [...COMMON_SERVICES, ...t.profile.services].map(serviceName);
  const missing = expected.filter((name) => !listed.includes(name));
  t.ensure(missing.length === 0, `gRPC server reflection (grpc.reflection.v1) does not list ${missing.join(", ")}; `
    + "the standard requires every Strata service the endpoint serves to be discoverable");
});
