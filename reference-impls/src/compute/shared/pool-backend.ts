import type { ApplicablePolicies, ComputeBackend, ExecutionRequest, HostDescription, WorkResult, compute } from "@strata/sdk/compute";
import { StrataError } from "@strata/sdk/server";
import { VcpuPool, type Vcpu } from "./vcpu-pool.js";
import type { VcpuRun } from "./unit-channel.js";

/** The hosts a pool vendor offers. */
export interface PoolOptions {
  /** Hosts offered (default 1). */
  hosts?: number;
  /** Cores of each host: units of work of its instances running at once (default 1). */
  coresPerHost?: number;
  /** Memory instances may reserve on each host, bytes (default 4 GiB). */
  memoryBytesPerHost?: bigint;
}

/** A unit of work asking a host's gate for a core and a vCPU of its instance. */
export interface GateRequest {
  tenantId: string;
  instanceId: string;
  /** The instance's vCPUs now: at most this many of its units run at once. */
  vcpus: () => number;
  /** The CPU policies in force when the gate decides. */
  policies: () => ApplicablePolicies;
  /** What the unit will likely cost, ns (a spin says). */
  hintNs?: number;
  signal: AbortSignal;
}

/** A core and a vCPU given to a unit: report its measured CPU time when it is done. */
export interface Grant {
  /** performance.now() when the unit got them. */
  readonly grantedAt: number;
  done(cpuNs: number): void;
}

/** How a host decides which unit of work runs next on its cores: the vendor's own policy. */
export interface HostGate {
  enter(request: GateRequest): Promise<Grant>;
  /** Refuses every unit of an instance still waiting (the instance stops). */
  refuseQueued(tenantId: string, instanceId: string, error: () => unknown): void;
  /** Forgets what the gate kept of a deleted instance. */
  forgetInstance(instanceId: string): void;
  close?(): void;
}

/** What a pool vendor is made of: how it runs a vCPU, and how its hosts gate units of work. */
export interface PoolParts<V extends Vcpu & { run(work: ExecutionRequest["work"]): Promise<VcpuRun> }> {
  /** Host ids are "<product>-host-<n>". */
  product: string;
  spawn(memoryBytes: bigint): V;
  gate(cores: number): HostGate;
  /** Whether instances change shape live (FEATURE_COMPUTE_LIVE_RESIZE). */
  liveResize: boolean;
}

/**
 * A compute backend whose instances are pools of vCPUs (threads, processes)
 * started on demand, and whose hosts hand units of work their cores through
 * a gate. Run-queue delay is the wait at the gate plus what the vCPU's
 * operating-system scheduler measured.
 */
export function createPoolBackend<V extends Vcpu & { run(work: ExecutionRequest["work"]): Promise<VcpuRun> }>(
  parts: PoolParts<V>, options: PoolOptions = {},
): ComputeBackend {
  const cores = options.coresPerHost ?? 1;
  const hosts: HostDescription[] = Array.from({ length: options.hosts ?? 1 }, (_, i) => ({
    hostId: `${parts.product}-host-${i}`, name: `${parts.product} host ${i}`, cpuCores: cores, memoryBytes: options.memoryBytesPerHost ?? 4n << 30n,
  }));
  const gates = new Map(hosts.map((h) => [h.hostId, parts.gate(cores)]));
  const instances = new Map<string, VcpuPool<V>>();
  const stopped = (instanceId: string) => StrataError.busy("instance", instanceId, "is stopped: start it first");

  const entryOf = (instance: compute.Instance): VcpuPool<V> => {
    const entry = instances.get(instance.instanceId);
    if (!entry || entry.stopping) throw stopped(instance.instanceId);
    return entry;
  };

  const stop = async (instance: compute.Instance) => {
    const entry = instances.get(instance.instanceId);
    if (!entry) return;
    entry.stopping = true;
    gates.get(entry.hostId)!.refuseQueued(entry.tenantId, instance.instanceId, () => stopped(instance.instanceId));
    await entry.stop();
    instances.delete(instance.instanceId);
  };

  return {
    hosts: () => hosts,

    async startInstance(instance) {
      instances.set(instance.instanceId, new VcpuPool(
        instance.workload!.tenantId, instance.hostId, instance.vcpuCount, instance.memoryBytes, (memoryBytes) => parts.spawn(memoryBytes),
      ));
    },

    stopInstance: stop,

    async deleteInstance(instance) {
      await stop(instance);
      gates.get(instance.hostId)?.forgetInstance(instance.instanceId);
    },

    ...(parts.liveResize ? {
      async resizeInstance(instance: compute.Instance, vcpuCount: number, memoryBytes: bigint) {
        instances.get(instance.instanceId)?.resize(vcpuCount, memoryBytes);
      },
    } : {}),

    async execute(request: ExecutionRequest): Promise<WorkResult> {
      const { instance, work } = request;
      const arrivedAt = performance.now();
      const entry = entryOf(instance);
      const grant = await gates.get(entry.hostId)!.enter({
        tenantId: entry.tenantId, instanceId: instance.instanceId, vcpus: () => entry.vcpus, policies: request.policies,
        hintNs: work.kind === "spin" ? work.cpuTimeNs : undefined, signal: request.signal,
      });
      let cpuNs = 0;
      try {
        if (entry.stopping) throw stopped(instance.instanceId);
        const vcpu = entry.acquire();
        try {
          const run = await vcpu.run(work);
          cpuNs = run.cpuNs;
          return { digest: run.digest, cpuTimeNs: run.cpuNs, runQueueDelayNs: (grant.grantedAt - arrivedAt) * 1e6 + run.waitNs };
        } finally {
          entry.release(vcpu);
        }
      } finally {
        grant.done(cpuNs);
      }
    },

    memoryUsedBytes: (instance) => instances.get(instance.instanceId)?.memoryUsedBytes() ?? 0n,

    async close() {
      for (const gate of gates.values()) gate.close?.();
      await Promise.all([...instances.values()].map((entry) => entry.stop()));
      instances.clear();
    },
  };
}
