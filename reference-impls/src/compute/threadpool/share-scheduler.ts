import type { ApplicablePolicies } from "@strata/sdk/compute";
import type { GateRequest, Grant, HostGate } from "../shared/pool-backend.js";
import { StrataError } from "@strata/sdk/server";
import { CpuLimits } from "../shared/cpu-limits.js";

/** Shares of a target without a policy (docs/compute.md). */
const DEFAULT_SHARES = 100;

interface Waiting {
  unit: GateRequest;
  estimateNs: number;
  grant: (grant: Grant) => void;
  reject: (error: unknown) => void;
}

/** One instance's lane: its queue, its virtual time, what of it runs. */
interface InstanceLane {
  pass: number;
  queue: Waiting[];
  running: number;
  meanNs: number;
  last: GateRequest;
}

/** One tenant's lane: its virtual time and its instances' lanes. */
interface TenantLane {
  pass: number;
  instances: Map<string, InstanceLane>;
}

const busy = (lane: { queue: unknown[]; running: number }) => lane.queue.length > 0 || lane.running > 0;
const sharesOf = (shares: number | undefined) => (shares && shares > 0 ? shares : DEFAULT_SHARES);

/**
 * The CPU scheduler of one host: at most `cores` units of work run at once.
 * When a core frees, the next unit is chosen by stride scheduling in two
 * levels: the tenant with the least virtual time (CPU time over its shares),
 * then that tenant's instance with the least, each unit charged its measured
 * CPU time. A tenant or instance that wakes up starts level with the busy
 * ones, so idleness earns no credit. A unit whose tenant or instance is over
 * its CPU limit waits until the limit's budget allows it.
 */
export class ShareScheduler implements HostGate {
  private running = 0;
  private readonly tenants = new Map<string, TenantLane>();
  private readonly limits: CpuLimits;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly cores: number, private readonly now: () => number = () => performance.now()) {
    this.limits = new CpuLimits(now);
  }

  /** Waits for a core and a vCPU; CANCELLED if the caller gives up first. */
  enter(unit: GateRequest): Promise<Grant> {
    return new Promise((grant, reject) => {
      const tenant = this.tenantLane(unit.tenantId);
      const lane = this.instanceLane(tenant, unit);
      const waiting: Waiting = { unit, estimateNs: unit.hintNs ?? lane.meanNs, grant, reject };
      lane.queue.push(waiting);
      lane.last = unit;
      unit.signal.addEventListener("abort", () => {
        const at = lane.queue.indexOf(waiting);
        if (at < 0) return;
        lane.queue.splice(at, 1);
        reject(StrataError.cancelled(`unit of work on instance "${unit.instanceId}"`));
        this.forget(unit.tenantId, unit.instanceId);
      }, { once: true });
      this.dispatch();
    });
  }

  /** Refuses every unit of an instance still waiting (the instance stops). */
  refuseQueued(tenantId: string, instanceId: string, error: () => unknown): void {
    const lane = this.tenants.get(tenantId)?.instances.get(instanceId);
    if (!lane) return;
    for (const waiting of lane.queue.splice(0)) waiting.reject(error());
    this.forget(tenantId, instanceId);
  }

  /** Forgets what an instance's limit had counted (it was deleted). */
  forgetInstance(instanceId: string): void {
    this.limits.forgetInstance(instanceId);
  }

  /** Stops the budget timer. */
  close(): void {
    clearTimeout(this.timer);
  }

  private tenantLane(tenantId: string): TenantLane {
    let tenant = this.tenants.get(tenantId);
    if (!tenant) this.tenants.set(tenantId, (tenant = { pass: 0, instances: new Map() }));
    if (![...tenant.instances.values()].some(busy)) tenant.pass = Math.max(tenant.pass, this.floor(this.tenants.values(), tenant));
    return tenant;
  }

  private instanceLane(tenant: TenantLane, unit: GateRequest): InstanceLane {
    let lane = tenant.instances.get(unit.instanceId);
    if (!lane) tenant.instances.set(unit.instanceId, (lane = { pass: 0, queue: [], running: 0, meanNs: 1_000_000, last: unit }));
    if (!busy(lane)) lane.pass = Math.max(lane.pass, this.floor(tenant.instances.values(), lane));
    return lane;
  }

  /** The least virtual time among the busy lanes other than `self` (0 when none is busy). */
  private floor(lanes: Iterable<TenantLane | InstanceLane>, self: TenantLane | InstanceLane): number {
    let least = Number.POSITIVE_INFINITY;
    for (const lane of lanes) {
      if (lane === self) continue;
      const active = "instances" in lane ? [...lane.instances.values()].some(busy) : busy(lane);
      if (active && lane.pass < least) least = lane.pass;
    }
    return Number.isFinite(least) ? least : 0;
  }

  /** Gives free cores to the units stride scheduling picks; sets a timer for those only a limit holds back. */
  private dispatch(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    let heldMs = Number.POSITIVE_INFINITY;
    while (this.running < this.cores) {
      let pick: { tenant: TenantLane; lane: InstanceLane; tenantId: string; instanceId: string } | undefined;
      for (const [tenantId, tenant] of this.tenants) {
        if (pick && tenant.pass >= pick.tenant.pass) continue;
        let best: [string, InstanceLane] | undefined;
        for (const [instanceId, lane] of tenant.instances) {
          if (lane.queue.length === 0 || lane.running >= lane.last.vcpus()) continue;
          const wait = this.limits.waitMs(tenantId, instanceId, lane.last.policies());
          if (wait > 0) {
            heldMs = Math.min(heldMs, wait);
            continue;
          }
          if (!best || lane.pass < best[1].pass) best = [instanceId, lane];
        }
        if (best) pick = { tenant, lane: best[1], tenantId, instanceId: best[0] };
      }
      if (!pick) break;
      this.start(pick.tenantId, pick.tenant, pick.instanceId, pick.lane);
    }
    if (Number.isFinite(heldMs) && this.running < this.cores) this.timer = setTimeout(() => this.dispatch(), Math.max(1, heldMs)).unref();
  }

  private start(tenantId: string, tenant: TenantLane, instanceId: string, lane: InstanceLane): void {
    const waiting = lane.queue.shift()!;
    const policies = waiting.unit.policies();
    const tenantShares = sharesOf(policies.tenant?.cpuShares);
    const instanceShares = sharesOf(policies.instance?.cpuShares);
    // Charged what it will likely cost now, so that the next pick already sees it; corrected when done.
    tenant.pass += waiting.estimateNs / tenantShares;
    lane.pass += waiting.estimateNs / instanceShares;
    this.running += 1;
    lane.running += 1;
    let finished = false;
    waiting.grant({
      grantedAt: this.now(),
      done: (cpuNs) => {
        if (finished) return;
        finished = true;
        const extra = cpuNs - waiting.estimateNs;
        tenant.pass += extra / tenantShares;
        lane.pass += extra / instanceShares;
        lane.meanNs = 0.8 * lane.meanNs + 0.2 * cpuNs;
        this.limits.charge(tenantId, instanceId, policies, cpuNs);
        this.running -= 1;
        lane.running -= 1;
        this.forget(tenantId, instanceId);
        this.dispatch();
      },
    });
  }

  /** Drops an instance's lane once nothing of it waits or runs (its virtual time is then meaningless). */
  private forget(tenantId: string, instanceId: string): void {
    const tenant = this.tenants.get(tenantId);
    const lane = tenant?.instances.get(instanceId);
    if (!tenant || !lane || busy(lane)) return;
    tenant.instances.delete(instanceId);
    if (tenant.instances.size === 0) this.tenants.delete(tenantId);
  }
}
