import type { GaugeProvider } from "../../telemetry/index.js";
import type { AccessKit } from "./access-kit.js";
import { SessionState } from "./contracts.js";

/**
 * The session-wide row of the catalogue, polled once per interval:
 * strata.access.sessions, 1 for an open session and 0 for a closed one, for
 * every session, owned by its tenant and application.
 */
export function sessionGauges(kit: AccessKit): GaugeProvider {
  return () => [...kit.catalog.sessions.values()].map((session) => ({
    metric: "strata.access.sessions",
    tenantId: session.workload!.tenantId,
    applicationId: session.workload!.applicationId,
    resourceId: session.sessionId,
    value: session.state === SessionState.SESSION_STATE_OPEN ? 1 : 0,
  }));
}
