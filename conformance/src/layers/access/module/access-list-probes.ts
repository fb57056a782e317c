import { access } from "@strata/sdk/access";
import { uniqueApplicationId } from "../../../helpers/unique-name.js";
import type { ListProbe } from "../../../registry/layer-probes.js";
import type { AccessServices } from "../access-checks.js";
import { openSession, registerEntryPoint } from "../support/access-resources.js";

type EntryPointScope = { applicationId: string };
type SessionScope = { entryPointId: string; state?: access.SessionState };

/** Every List RPC of the access layer, with what each needs to list something of tenant A's. */
export const accessListProbes: ListProbe<AccessServices>[] = [
  {
    rpc: "EntryPointService.ListEntryPoints",
    async list(clients, page, scope) {
      const answer = await clients.entryPoints.listEntryPoints({ page, applicationId: (scope as EntryPointScope | undefined)?.applicationId ?? "" });
      return { ids: answer.entryPoints.map((e) => e.entryPointId), page: answer.page };
    },
    // Seven entry points under one fresh application, so that a walk filtered by it sees only them.
    async populate(t) {
      const applicationId = uniqueApplicationId(t, "pages");
      const made = await Promise.all(Array.from({ length: 7 }, (_, i) => registerEntryPoint(t, `page-${i}`, { applicationId })));
      return { ids: made.map((e) => e.entryPointId), scope: { applicationId }, otherScope: { applicationId: `${applicationId}-other` } };
    },
  },
  {
    rpc: "SessionService.ListSessions",
    async list(clients, page, scope) {
      const filter = (scope ?? {}) as Partial<SessionScope>;
      const answer = await clients.sessions.listSessions({ page, entryPointId: filter.entryPointId ?? "", state: filter.state ?? 0 });
      return { ids: answer.sessions.map((s) => s.sessionId), page: answer.page };
    },
    // Six sessions on one fresh entry point, so that a walk filtered by it sees only them.
    async populate(t) {
      const { entryPointId } = await registerEntryPoint(t, "page-sessions");
      const opened = [];
      for (let i = 0; i < 6; i++) opened.push(await openSession(t, `page-session-${i}`, { entryPointId }));
      return {
        ids: opened.map((s) => s.sessionId), scope: { entryPointId },
        otherScope: { entryPointId, state: access.SessionState.SESSION_STATE_CLOSED },
      };
    },
  },
  {
    // One policy a tenant: tenant A's list holds its own at most; an endpoint without shaping lists none.
    rpc: "ShapingService.ListShapingPolicies",
    async list(clients, page) {
      const answer = await clients.shaping.listShapingPolicies({ page });
      return { ids: answer.policies.map((p) => p.tenantId), page: answer.page };
    },
  },
];
