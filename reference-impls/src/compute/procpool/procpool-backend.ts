import type { ComputeBackend, ExecutionRequest, HostDescription, WorkResult, compute } from "@strata/sdk/compute";
import { StrataError } from "@strata/sdk/server";
import { VcpuPool } from "../shared/vcpu-pool.js";
import { AdmissionControl, type Slot } from "./admission-control.js";
import { VcpuProcess } from "./vcpu-process.js";

export interface ProcpoolOptions {
  /** Hosts offered (default 1). */
  hosts?: number;
  /** Cores of each host: units of work of its instances running at once (default 1). */
  coresPerHost?: number;
  /** Memory instances may reserve on each host, bytes (default 4 GiB). */
  memoryBytesPerHost?: bigint;
}

/**
 * The procpool compute backend: every instance is a set of child processes
 * (one per vCPU, started on demand); every host admits units of work to a
 * fixed number of cores, first come first served, and refuses those of a
 * tenant or instance over its CPU limit (admission control, with RetryInfo).
 * CPU time is what the operating system accounts to each process.
 */
export function createProcpoolBackend(options: ProcpoolOptions = {}): ComputeBackend {
  const cores = options.coresPerHost ?? 1;
  const hosts: HostDescription[] = Array.from({ length: options.hosts ?? 1 }, (_, i) => ({
    hostId: `procpool-host-${i}`, name: `procpool host ${i}`, cpuCores: cores, memoryBytes: options.memoryBytesPerHost ?? 4n << 30n,
  }));
  const admissions = new Map(hosts.map((h) => [h.hostId, new AdmissionControl(cores)]));
  const instances = new Map<string, VcpuPool<VcpuProcess>>();
  const stopped = (instanceId: string) => StrataError.busy("instance", instanceId, "is stopped: start it first");

  const entryOf = (instance: compute.Instance): VcpuPool<VcpuProcess> => {
    const entry = instances.get(instance.instanceId);
    if (!entry || entry.stopping) throw stopped(instance.instanceId);
    return entry;
  };

  const stop = async (instance: compute.Instance) => {
    const entry = instances.get(instance.instanceId);
    if (!entry) return;
    entry.stopping = true;
    admissions.get(entry.hostId)!.refuseQueued(instance.instanceId, () => stopped(instance.instanceId));
    await entry.stop();
    instances.delete(instance.instanceId);
  };

  return {
    hosts: () => hosts,

    async startInstance(instance) {
      instances.set(instance.instanceId, new VcpuPool(
        instance.workload!.tenantId, instance.hostId, instance.vcpuCount, instance.memoryBytes, (memoryBytes) => new VcpuProcess(memoryBytes),
      ));
    },

    stopInstance: stop,

    async deleteInstance(instance) {
      await stop(instance);
      admissions.get(instance.hostId)?.forgetInstance(instance.instanceId);
    },

    async execute(request: ExecutionRequest): Promise<WorkResult> {
      const { instance, work } = request;
      const arrivedAt = performance.now();
      const entry = entryOf(instance);
      const slot: Slot = await admissions.get(entry.hostId)!.admit({
        tenantId: entry.tenantId, instanceId: instance.instanceId, vcpus: () => entry.vcpus, policies: request.policies(), signal: request.signal,
      });
      let cpuNs = 0;
      try {
        if (entry.stopping) throw stopped(instance.instanceId);
        const process = entry.acquire();
        try {
          const run = await process.run(work);
          cpuNs = run.cpuNs;
          return { digest: run.digest, cpuTimeNs: run.cpuNs, runQueueDelayNs: (slot.grantedAt - arrivedAt) * 1e6 + run.waitNs };
        } finally {
          entry.release(process);
        }
      } finally {
        slot.done(cpuNs);
      }
    },

    memoryUsedBytes: (instance) => instances.get(instance.instanceId)?.memoryUsedBytes() ?? 0n,

    async close() {
      await Promise.all([...instances.values()].map((entry) => entry.stop()));
      instances.clear();
    },
  };
}
