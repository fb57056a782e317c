import { createCpuBudget, type ApplicablePolicies, type CpuBudget } from "@strata/sdk/compute";

/**
 * The CPU limits of a host's tenants and instances: one budget per target,
 * following the limit its policy says now. A unit of work may start when
 * neither its tenant's nor its instance's budget is in debt; its measured
 * CPU time is charged to both once it ran.
 */
export class CpuLimits {
  private readonly budgets = new Map<string, CpuBudget>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Milliseconds until both limits of a unit let it start (0: now). */
  waitMs(tenantId: string, instanceId: string, policies: ApplicablePolicies): number {
    return Math.max(
      this.budget(`tenant:${tenantId}`, policies.tenant?.cpuLimitMillicores ?? 0).waitMs(),
      this.budget(`instance:${instanceId}`, policies.instance?.cpuLimitMillicores ?? 0).waitMs(),
    );
  }

  /** Charges a unit's measured CPU time to its tenant's and its instance's budgets. */
  charge(tenantId: string, instanceId: string, policies: ApplicablePolicies, cpuNs: number): void {
    this.budget(`tenant:${tenantId}`, policies.tenant?.cpuLimitMillicores ?? 0).charge(cpuNs);
    this.budget(`instance:${instanceId}`, policies.instance?.cpuLimitMillicores ?? 0).charge(cpuNs);
  }

  /** Forgets an instance's budget (it was deleted). */
  forgetInstance(instanceId: string): void {
    this.budgets.delete(`instance:${instanceId}`);
  }

  private budget(key: string, limitMillicores: number): CpuBudget {
    let budget = this.budgets.get(key);
    if (!budget) this.budgets.set(key, (budget = createCpuBudget(limitMillicores, this.now)));
    else if (budget.limitMillicores !== limitMillicores) budget.setLimit(limitMillicores);
    return budget;
  }
}
