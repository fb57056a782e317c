import { access } from "@strata/sdk/access";
import type { LookupProbe } from "../../../registry/layer-probes.js";
import type { AccessServices } from "../access-checks.js";

/** Every access RPC that names a session by id: another tenant's session must answer as one that does not exist. */
export const accessLookupProbes: LookupProbe<AccessServices>[] = [
  { rpc: "SessionService.GetSession", ownerRead: true, call: (c, sessionId) => c.sessions.getSession({ sessionId }) },
  {
    rpc: "ForwardService.Forward", ownerRead: true,
    call: (c, sessionId) => c.forward.forward(access.ForwardRequest.fromPartial({ sessionId, payload: Buffer.from("lookup") })),
  },
  { rpc: "SessionService.CloseSession", ownerRead: false, call: (c, sessionId) => c.sessions.closeSession({ sessionId }) },
];
