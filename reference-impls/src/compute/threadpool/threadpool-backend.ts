import type { ComputeBackend, ExecutionRequest, HostDescription, WorkResult, compute } from "@strata/sdk/compute";
import { StrataError } from "@strata/sdk/server";
import { ShareScheduler, type Grant } from "./share-scheduler.js";
import { VcpuPool } from "../shared/vcpu-pool.js";
import { VcpuThread } from "./vcpu-thread.js";

export interface ThreadpoolOptions {
  /** Hosts offered (default 1). */
  hosts?: number;
  /** Cores of each host: units of work of its instances running at once (default 1). */
  coresPerHost?: number;
  /** Memory instances may reserve on each host, bytes (default 4 GiB). */
  memoryBytesPerHost?: bigint;
}

/**
 * The threadpool compute backend: every instance is a set of worker threads
 * (one per vCPU, started on demand) in this process; every host a fixed
 * budget of cores shared by stride scheduling over tenants' and instances'
 * CPU shares, within their CPU limits (a unit over its limit waits). CPU
 * time and run-queue wait come from each thread's scheduler clock.
 */
export function createThreadpoolBackend(options: ThreadpoolOptions = {}): ComputeBackend {
  const cores = options.coresPerHost ?? 1;
  const hosts: HostDescription[] = Array.from({ length: options.hosts ?? 1 }, (_, i) => ({
    hostId: `threadpool-host-${i}`, name: `threadpool host ${i}`, cpuCores: cores, memoryBytes: options.memoryBytesPerHost ?? 4n << 30n,
  }));
  const schedulers = new Map(hosts.map((h) => [h.hostId, new ShareScheduler(cores)]));
  const instances = new Map<string, VcpuPool<VcpuThread>>();
  const stopped = (instanceId: string) => StrataError.busy("instance", instanceId, "is stopped: start it first");

  const entryOf = (instance: compute.Instance): VcpuPool<VcpuThread> => {
    const entry = instances.get(instance.instanceId);
    if (!entry || entry.stopping) throw stopped(instance.instanceId);
    return entry;
  };

  const stop = async (instance: compute.Instance) => {
    const entry = instances.get(instance.instanceId);
    if (!entry) return;
    entry.stopping = true;
    schedulers.get(entry.hostId)!.refuseQueued(entry.tenantId, instance.instanceId, () => stopped(instance.instanceId));
    await entry.stop();
    instances.delete(instance.instanceId);
  };

  return {
    hosts: () => hosts,

    async startInstance(instance) {
      instances.set(instance.instanceId, new VcpuPool(
        instance.workload!.tenantId, instance.hostId, instance.vcpuCount, instance.memoryBytes, (memoryBytes) => new VcpuThread(memoryBytes),
      ));
    },

    stopInstance: stop,

    async deleteInstance(instance) {
      await stop(instance);
      schedulers.get(instance.hostId)?.forgetInstance(instance.instanceId);
    },

    async resizeInstance(instance, vcpuCount, memoryBytes) {
      instances.get(instance.instanceId)?.resize(vcpuCount, memoryBytes);
    },

    async execute(request: ExecutionRequest): Promise<WorkResult> {
      const { instance, work } = request;
      const arrivedAt = performance.now();
      const entry = entryOf(instance);
      const grant: Grant = await schedulers.get(entry.hostId)!.submit({
        tenantId: entry.tenantId, instanceId: instance.instanceId, vcpus: () => entry.vcpus, policies: request.policies,
        hintNs: work.kind === "spin" ? work.cpuTimeNs : undefined, signal: request.signal,
      });
      let cpuNs = 0;
      try {
        if (entry.stopping) throw stopped(instance.instanceId);
        const thread = entry.acquire();
        try {
          const run = await thread.run(work);
          cpuNs = run.cpuNs;
          return { digest: run.digest, cpuTimeNs: run.cpuNs, runQueueDelayNs: (grant.grantedAt - arrivedAt) * 1e6 + run.waitNs };
        } finally {
          entry.release(thread);
        }
      } finally {
        grant.done(cpuNs);
      }
    },

    memoryUsedBytes: (instance) => instances.get(instance.instanceId)?.memoryUsedBytes() ?? 0n,

    async close() {
      for (const scheduler of schedulers.values()) scheduler.close();
      await Promise.all([...instances.values()].map((entry) => entry.stop()));
      instances.clear();
    },
  };
}
