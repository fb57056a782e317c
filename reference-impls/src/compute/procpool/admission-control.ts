import type { ApplicablePolicies } from "@strata/sdk/compute";
import { StrataError } from "@strata/sdk/server";
import { CpuLimits } from "../shared/cpu-limits.js";

/** A unit of work asking to run on a host. */
export interface Admission {
  tenantId: string;
  instanceId: string;
  /** The instance's vCPUs: at most this many of its units run at once. */
  vcpus: () => number;
  policies: ApplicablePolicies;
  signal: AbortSignal;
}

/** A core given to an admitted unit: report its measured CPU time when it is done. */
export interface Slot {
  /** performance.now() when the unit got its core. */
  readonly grantedAt: number;
  done(cpuNs: number): void;
}

interface Entry {
  admission: Admission;
  grant: (slot: Slot) => void;
  reject: (error: unknown) => void;
}

/**
 * The admission control of one host: a unit whose tenant or instance is over
 * its CPU limit is refused at once with RESOURCE_EXHAUSTED and the time until
 * the limit allows it (RetryInfo); an admitted unit waits, first come first
 * served, for one of the host's `cores` and a free vCPU of its instance.
 */
export class AdmissionControl {
  private running = 0;
  private readonly runningPerInstance = new Map<string, number>();
  private readonly queue: Entry[] = [];
  private readonly limits: CpuLimits;

  constructor(private readonly cores: number, private readonly now: () => number = () => performance.now()) {
    this.limits = new CpuLimits(now);
  }

  admit(admission: Admission): Promise<Slot> {
    const waitMs = this.limits.waitMs(admission.tenantId, admission.instanceId, admission.policies);
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
  refuseQueued(instanceId: string, error: () => unknown): void {
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
          this.limits.charge(admission.tenantId, admission.instanceId, admission.policies, cpuNs);
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
