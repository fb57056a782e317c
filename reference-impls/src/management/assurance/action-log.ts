import type { management } from "@strata/sdk/contracts";

/** The controller's audited actions, newest first, bounded. */
export interface ActionLog {
  /** Records an action; returns it (its percentile_after_ns is filled in later, in place). */
  add(action: management.SlaAction): management.SlaAction;
  /** Actions for these tenants' SLAs (undefined: every tenant's), newest first. */
  list(tenantIds?: readonly string[]): management.SlaAction[];
}

/** An in-memory action log keeping the newest `retained` actions (default 10 000). */
export function createActionLog(options: { retained?: number; onAction?: (action: management.SlaAction) => void } = {}): ActionLog {
  const retained = options.retained ?? 10_000;
  const actions: management.SlaAction[] = [];
  return {
    add(action) {
      actions.unshift(action);
      if (actions.length > retained) actions.pop();
      options.onAction?.(action);
      return action;
    },
    list: (tenantIds) => actions.filter((a) => !tenantIds || tenantIds.includes(a.sla?.tenantId ?? "")),
  };
}
