import type { ApplicablePolicies } from "@strata/sdk/compute";
import { compute } from "@strata/sdk/compute";
import { afterEach, describe, expect, it } from "vitest";
import type { Grant } from "../shared/pool-backend.js";
import { ShareScheduler } from "./share-scheduler.js";

const policy = (fields: Partial<compute.CpuPolicy>) => compute.CpuPolicy.fromPartial(fields);

type Lane = { tenantId: string; instanceId: string; policies: ApplicablePolicies };

/**
 * Keeps four units of a fixed CPU cost queued for each lane, runs the units
 * the scheduler grants to completion in order on a clock moved by their
 * cost, and tallies each instance's CPU time.
 */
class Contention {
  readonly cpu = new Map<string, number>();
  private readonly granted: Array<{ lane: Lane; grant: Grant }> = [];
  private readonly signal = new AbortController().signal;

  constructor(private readonly scheduler: ShareScheduler, private readonly clock: { ms: number }, private readonly costNs = 2_000_000) {}

  add(...lanes: Lane[]): this {
    for (const lane of lanes) {
      this.cpu.set(lane.instanceId, 0);
      for (let i = 0; i < 4; i++) this.submit(lane);
    }
    return this;
  }

  async run(units: number): Promise<Map<string, number>> {
    for (let done = 0; done < units; done++) {
      await new Promise((resolve) => setImmediate(resolve));
      const next = this.granted.shift();
      if (!next) break;
      this.clock.ms += this.costNs / 1e6;
      this.cpu.set(next.lane.instanceId, this.cpu.get(next.lane.instanceId)! + this.costNs);
      next.grant.done(this.costNs);
      this.submit(next.lane);
    }
    return this.cpu;
  }

  private submit(lane: Lane): void {
    void this.scheduler.enter({ ...lane, vcpus: () => 1, policies: () => lane.policies, hintNs: this.costNs, signal: this.signal })
      .then((grant) => this.granted.push({ lane, grant }));
  }
}

describe("ShareScheduler", () => {
  const schedulers: ShareScheduler[] = [];
  const make = (cores: number, clock: { ms: number }) => {
    const scheduler = new ShareScheduler(cores, () => clock.ms);
    schedulers.push(scheduler);
    return scheduler;
  };
  afterEach(() => schedulers.splice(0).forEach((s) => s.close()));

  it("should divide a busy core between tenants by their shares, and a tenant's part between its instances by theirs", async () => {
    const clock = { ms: 0 };
    const a = { tenant: policy({ cpuShares: 100 }), instance: undefined };
    const cpu = await new Contention(make(1, clock), clock).add(
      { tenantId: "a", instanceId: "a1", policies: a },
      { tenantId: "b", instanceId: "b1", policies: { tenant: policy({ cpuShares: 300 }), instance: policy({ cpuShares: 100 }) } },
      { tenantId: "b", instanceId: "b2", policies: { tenant: policy({ cpuShares: 300 }), instance: policy({ cpuShares: 300 }) } },
    ).run(800);
    const total = [...cpu.values()].reduce((x, y) => x + y, 0);
    expect(cpu.get("a1")! / total).toBeCloseTo(0.25, 2);
    expect(cpu.get("b1")! / (cpu.get("b1")! + cpu.get("b2")!)).toBeCloseTo(0.25, 2);
  });

  it("should give an idle tenant no credit: one that wakes up starts level with the busy ones", async () => {
    const clock = { ms: 0 };
    const even = { tenant: undefined, instance: undefined };
    const contention = new Contention(make(1, clock), clock).add({ tenantId: "a", instanceId: "a1", policies: even });
    await contention.run(200);
    contention.add({ tenantId: "b", instanceId: "b1", policies: even });
    contention.cpu.set("a1", 0);
    const cpu = await contention.run(100);
    expect(cpu.get("b1")! / (cpu.get("a1")! + cpu.get("b1")!)).toBeCloseTo(0.5, 1);
  });

  it("should hold a unit whose tenant is over its CPU limit until the limit's budget allows it", async () => {
    const clock = { ms: 0 };
    const limited = { tenant: policy({ cpuLimitMillicores: 250 }), instance: undefined };
    const cpu = await new Contention(make(1, clock), clock).add(
      { tenantId: "a", instanceId: "a1", policies: limited },
      { tenantId: "b", instanceId: "b1", policies: { tenant: undefined, instance: undefined } },
    ).run(400);
    // Over the 800 ms the clock ran, a quarter of a core is 200 ms, give or take the 50 ms burst and one unit.
    expect(cpu.get("a1")! / 1e6).toBeLessThanOrEqual(800 * 0.25 + 50 + 2);
    expect(cpu.get("a1")! / 1e6).toBeGreaterThan(800 * 0.25 * 0.8);
  });

  it("should refuse the queued units of a stopping instance, and a cancelled unit, without running them", async () => {
    const clock = { ms: 0 };
    const scheduler = make(1, clock);
    const policies = () => ({ tenant: undefined, instance: undefined });
    const first = await scheduler.enter({ tenantId: "a", instanceId: "a1", vcpus: () => 1, policies, signal: new AbortController().signal });
    const queued = scheduler.enter({ tenantId: "a", instanceId: "a1", vcpus: () => 1, policies, signal: new AbortController().signal });
    const caller = new AbortController();
    const cancelled = scheduler.enter({ tenantId: "b", instanceId: "b1", vcpus: () => 1, policies, signal: caller.signal });
    scheduler.refuseQueued("a", "a1", () => new Error("stopped"));
    caller.abort();
    await expect(queued).rejects.toThrow("stopped");
    await expect(cancelled).rejects.toThrow(/cancelled/);
    first.done(1000);
  });
});
