import { canAccessTenant, type Principal } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { LayerKitBase } from "../../server/serve-layer-kit.js";
import type { AccessBackend } from "./access-backend.js";
import type { AccessCatalog } from "./access-catalog.js";
import type { AccessTopology } from "./access-topology.js";
import type { ComputeReach } from "./compute-reach.js";
import type { EntryPoint, Session } from "./contracts.js";

/** What every access service handler shares. */
export interface AccessKit extends LayerKitBase {
  readonly catalog: AccessCatalog;
  readonly backend: AccessBackend;
  readonly topology: AccessTopology;
  /** The compute layer the kit reaches compute entry points through, when configured. */
  readonly compute: ComputeReach | undefined;
}

/** The entry point if the principal may see it; NOT_FOUND otherwise, the same for absent and foreign. */
export function visibleEntryPoint(kit: AccessKit, principal: Principal, entryPointId: string): EntryPoint {
  const entryPoint = kit.catalog.entryPoints.get(entryPointId);
  if (!entryPoint || !canAccessTenant(principal, entryPoint.workload!.tenantId)) throw StrataError.notFound("entry point", entryPointId);
  return entryPoint;
}

/** The session if the principal may see it; NOT_FOUND otherwise, the same for absent and foreign. */
export function visibleSession(kit: AccessKit, principal: Principal, sessionId: string): Session {
  const session = kit.catalog.sessions.get(sessionId);
  if (!session || !canAccessTenant(principal, session.workload!.tenantId)) throw StrataError.notFound("session", sessionId);
  return session;
}
