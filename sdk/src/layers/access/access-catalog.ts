import type { EntryPoint, Session, ShapingPolicy } from "./contracts.js";

/** What a session carried: requests answered OK and their bytes, both ways. */
interface SessionCounters {
  requests: number;
  bytes: number;
}

/**
 * The access kit's catalogue: entry points and sessions (by id and by
 * tenant+name), shaping policies by tenant, and what each session carried.
 * It lives in memory, as the sessions of an edge do.
 */
export class AccessCatalog {
  readonly entryPoints = new Map<string, EntryPoint>();
  readonly sessions = new Map<string, Session>();
  /** Shaping policies by tenant id. */
  readonly policies = new Map<string, ShapingPolicy>();
  private readonly entryPointNames = new Map<string, string>();
  private readonly sessionNames = new Map<string, string>();
  private readonly counters = new Map<string, SessionCounters>();

  entryPointByName(tenantId: string, name: string): EntryPoint | undefined {
    const id = this.entryPointNames.get(key(tenantId, name));
    return id === undefined ? undefined : this.entryPoints.get(id);
  }

  sessionByName(tenantId: string, name: string): Session | undefined {
    const id = this.sessionNames.get(key(tenantId, name));
    return id === undefined ? undefined : this.sessions.get(id);
  }

  putEntryPoint(entryPoint: EntryPoint): void {
    this.entryPoints.set(entryPoint.entryPointId, entryPoint);
    this.entryPointNames.set(key(entryPoint.workload!.tenantId, entryPoint.name), entryPoint.entryPointId);
  }

  removeEntryPoint(entryPoint: EntryPoint): void {
    this.entryPoints.delete(entryPoint.entryPointId);
    this.entryPointNames.delete(key(entryPoint.workload!.tenantId, entryPoint.name));
  }

  putSession(session: Session): void {
    this.sessions.set(session.sessionId, session);
    this.sessionNames.set(key(session.workload!.tenantId, session.name), session.sessionId);
    if (!this.counters.has(session.sessionId)) this.counters.set(session.sessionId, { requests: 0, bytes: 0 });
  }

  removeSession(session: Session): void {
    this.sessions.delete(session.sessionId);
    this.sessionNames.delete(key(session.workload!.tenantId, session.name));
    this.counters.delete(session.sessionId);
  }

  /** The sessions that name an entry point, open or closed. */
  sessionsOf(entryPointId: string): Session[] {
    return [...this.sessions.values()].filter((s) => s.entryPointId === entryPointId);
  }

  /** How many resources of a kind a tenant holds. */
  heldBy(tenantId: string, kind: "entryPoints" | "sessions"): number {
    let held = 0;
    for (const resource of this[kind].values()) if (resource.workload!.tenantId === tenantId) held++;
    return held;
  }

  /** Counts a request the session carried that was answered OK. */
  count(sessionId: string, bytes: number): void {
    const counted = this.counters.get(sessionId);
    if (counted) {
      counted.requests += 1;
      counted.bytes += bytes;
    }
  }

  /** The session with what it carried so far. */
  current(session: Session): Session {
    const counted = this.counters.get(session.sessionId);
    return { ...session, requestCount: BigInt(counted?.requests ?? 0), payloadBytes: BigInt(counted?.bytes ?? 0) };
  }
}

function key(tenantId: string, name: string): string {
  return `${tenantId}\u0000${name}`;
}
