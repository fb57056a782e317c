import { COMMON_SERVICES } from "@strata/sdk/client";
import { rpc } from "@strata/sdk/contracts";
import { serviceName, type ServiceDefinitionLike } from "../helpers/service-name.js";
import { listReflectedServices } from "../probes/list-reflected-services.js";
import { check } from "../registry/check-registry.js";

check("ServerReflection lists the common services and those of every layer under test [reflection]", { covers: ["CORE-SVC-1"] }, async (t) => {
  const listed = await t.expectCode(
    listReflectedServices(t.operator.identity.raw.getChannel(), { version: "v1", timeoutMs: t.config.timeoutMs }),
    rpc.Code.OK, "grpc.reflection.v1.ServerReflection/ServerReflectionInfo list_services");
  const definitions = [...Object.values(COMMON_SERVICES), ...t.modules.flatMap((m) => Object.values(m.services))] as ServiceDefinitionLike[];
  const expected = definitions.map(serviceName);
  const missing = expected.filter((name) => !listed.includes(name));
  t.ensure(missing.length === 0, `gRPC server reflection (grpc.reflection.v1) does not list ${missing.join(", ")}; `
    + "the standard requires every Strata service the endpoint serves to be discoverable");
});
