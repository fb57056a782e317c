import { StrataError } from "@strata/sdk/server";
import { CpuLimits } from "../shared/cpu-limits.js";
import type { GateRequest, Grant, HostGate } from "../shared/pool-backend.js";

interface Entry {
  admission: GateRequest;
  grant: (grant: Grant) => void;
  reject: (error: unknown) => void;
}

/**
 * The admission control of one host: a unit whose tenant or instance is over
 * its CPU limit is refused at once with RESOURCE_EXHAUSTED and the time until
 * the limit allows it (RetryInfo); an admitted unit waits, first come first
 * served, for one of the host's `cores` and a free vCPU of its instance.
 */
export class AdmissionControl implements HostGate {
  private running = 0;
  private readonly runningPerInstance = new Map<string, number>();
  private readonly queue: Entry[] = [];
  private readonly limits: CpuLimits;

  constructor(private readonly cores: number, private readonly now: () => number = () => performance.now()) {
    this.limits = new CpuLimits(now);
  }

  enter(admission: GateRequest): Promise<Grant> {
    const policies = admission.policies();
    const waitMs = this.limits.waitMs(admission.tenantId, admission.instanceId, policies);
    if (waitMs > 0) {
      return Promise.reject(StrataError.throttled(`CPU limit of instance "${admission.instanceId}" or its tenant`, Math.ceil(waitMs)));
    }
    return new Promise((grant, reject) => {
      const entry: Entry = { admission, grant, reject };
      this.queue.push(entry);
      admission.signal.addEventListener("abort", () => {
        const at = this.queue.indexOf(entry);
        if (at < 0) return;
        this.queue.splice(at, 1);
        reject(StrataError.cancelled(`unit of work on instance "${admission.instanceId}"`));
      }, { once: true });
      this.dispatch();
    });
  }

  /** Refuses every unit of an instance still waiting (the instance stops). */
  refuseQueued(_tenantId: string, instanceId: string, error: () => unknown): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i]!.admission.instanceId === instanceId) this.queue.splice(i, 1)[0]!.reject(error());
    }
  }

  forgetInstance(instanceId: string): void {
    this.limits.forgetInstance(instanceId);
  }

  private dispatch(): void {
    while (this.running < this.cores) {
      const at = this.queue.findIndex((e) => (this.runningPerInstance.get(e.admission.instanceId) ?? 0) < e.admission.vcpus());
      if (at < 0) return;
      const { admission, grant } = this.queue.splice(at, 1)[0]!;
      const { instanceId } = admission;
      this.running += 1;
      this.runningPerInstance.set(instanceId, (this.runningPerInstance.get(instanceId) ?? 0) + 1);
      let finished = false;
      grant({
        grantedAt: this.now(),
        done: (cpuNs) => {
          if (finished) return;
          finished = true;
          this.limits.charge(admission.tenantId, admission.instanceId, admission.policies(), cpuNs);
          this.running -= 1;
          const left = this.runningPerInstance.get(instanceId)! - 1;
          if (left > 0) this.runningPerInstance.set(instanceId, left);
          else this.runningPerInstance.delete(instanceId);
          this.dispatch();
        },
      });
    }
  }
}
