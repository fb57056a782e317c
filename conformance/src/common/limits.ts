import { isDeepStrictEqual } from "node:util";
import { core, rpc } from "@strata/sdk/contracts";
import { checkEachLayer } from "../registry/check-registry.js";

// Registered last, so that it runs after everything else the run did to the endpoint.
checkEachLayer("GetCapabilities answers the Limits it answered when the run began [identity] [limits]", { covers: ["CORE-LIM-3"] }, async (t) => {
  const { limits } = await t.expectCode(t.operator.identity.getCapabilities({}), rpc.Code.OK, "IdentityService.GetCapabilities");
  const before = core.Limits.toJSON(t.limits) as Record<string, unknown>;
  const now = core.Limits.toJSON(limits ?? core.Limits.fromPartial({})) as Record<string, unknown>;
  const changed = Object.keys({ ...before, ...now }).filter((key) => !isDeepStrictEqual(before[key], now[key]));
  t.ensure(changed.length === 0, `GetCapabilities.limits changed while the endpoint ran: ${changed.map((k) => `${k} from ${before[k] ?? "unset"} to ${now[k] ?? "unset"}`).join(", ")}; `
    + "the standard requires the limits to stay as declared until the endpoint restarts");
});
