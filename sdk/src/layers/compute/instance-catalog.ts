import type { Attachment, CpuPolicy, CpuPolicyTarget, Instance } from "./contracts.js";
import type { ApplicablePolicies, HostDescription } from "./compute-backend.js";

/** The key of a CPU policy: "tenant:<id>" or "instance:<id>". */
export function policyKey(policy: { target?: CpuPolicyTarget | undefined }): string {
  const target = policy.target;
  if (target?.tenantId !== undefined) return `tenant:${target.tenantId}`;
  return `instance:${target?.instanceId ?? ""}`;
}

/** What a host has left for new reservations. */
export interface HostRoom {
  host: HostDescription;
  allocatedMemoryBytes: bigint;
  allocatedVcpus: number;
}

/**
 * The compute kit's catalogue: instances (by id and by tenant+name), CPU
 * policies, attachments, and the CPU time each instance's units of work
 * used. It lives in memory: instances are threads and processes that do not
 * survive the endpoint.
 */
export class InstanceCatalog {
  readonly instances = new Map<string, Instance>();
  readonly policies = new Map<string, CpuPolicy>();
  readonly attachments = new Map<string, Attachment>();
  /** CPU time of the units each instance completed: since it was created, and since the last utilization sample. */
  private readonly cpuNs = new Map<string, { total: number; interval: number }>();
  private readonly names = new Map<string, string>();

  byName(tenantId: string, name: string): Instance | undefined {
    const id = this.names.get(`${tenantId}\u0000${name}`);
    return id === undefined ? undefined : this.instances.get(id);
  }

  putInstance(instance: Instance): void {
    this.instances.set(instance.instanceId, instance);
    this.names.set(`${instance.workload!.tenantId}\u0000${instance.name}`, instance.instanceId);
    if (!this.cpuNs.has(instance.instanceId)) this.cpuNs.set(instance.instanceId, { total: 0, interval: 0 });
  }

  removeInstance(instance: Instance): void {
    this.instances.delete(instance.instanceId);
    this.names.delete(`${instance.workload!.tenantId}\u0000${instance.name}`);
    this.policies.delete(policyKey({ target: { instanceId: instance.instanceId } }));
    this.cpuNs.delete(instance.instanceId);
  }

  /** The CPU policies that apply to an instance's units of work: its own and its tenant's. */
  policiesFor(instance: Instance): ApplicablePolicies {
    return {
      instance: this.policies.get(policyKey({ target: { instanceId: instance.instanceId } })),
      tenant: this.policies.get(policyKey({ target: { tenantId: instance.workload!.tenantId } })),
    };
  }

  attachmentsOf(instanceId: string): Attachment[] {
    return [...this.attachments.values()].filter((a) => a.instanceId === instanceId);
  }

  /** Counts a completed unit's CPU time for its instance. */
  addCpuTime(instanceId: string, ns: number): void {
    const counted = this.cpuNs.get(instanceId);
    if (counted) {
      counted.total += ns;
      counted.interval += ns;
    }
  }

  /** CPU time of the instance's units since it was created. */
  cpuTimeNs(instanceId: string): number {
    return this.cpuNs.get(instanceId)?.total ?? 0;
  }

  /** CPU time of the instance's units since the last call, which starts a new interval. */
  takeIntervalCpuTime(instanceId: string): number {
    const counted = this.cpuNs.get(instanceId);
    if (!counted) return 0;
    const ns = counted.interval;
    counted.interval = 0;
    return ns;
  }

  /** A host with what its instances reserve. */
  roomOn(host: HostDescription): HostRoom {
    let allocatedMemoryBytes = 0n;
    let allocatedVcpus = 0;
    for (const instance of this.instances.values()) {
      if (instance.hostId !== host.hostId) continue;
      allocatedMemoryBytes += instance.memoryBytes;
      allocatedVcpus += instance.vcpuCount;
    }
    return { host, allocatedMemoryBytes, allocatedVcpus };
  }
}
