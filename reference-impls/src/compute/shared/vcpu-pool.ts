/** One vCPU of an instance: a thread or a process that runs one unit of work at a time. */
export interface Vcpu {
  /** Set when the instance's memory changed: the vCPU ends after its unit. */
  retired: boolean;
  /** Memory it uses, bytes, as last measured. */
  readonly memoryUsedBytes: number;
  terminate(): Promise<unknown>;
}

/**
 * The vCPUs of one instance: started when its units of work first need them
 * (the scheduler never hands an instance more units than it has vCPUs) and
 * kept while it runs. Stopping lets the running units finish.
 */
export class VcpuPool<V extends Vcpu> {
  stopping = false;
  private readonly idle: V[] = [];
  private readonly busy = new Set<V>();
  private drained: (() => void) | undefined;

  constructor(
    readonly tenantId: string, readonly hostId: string, public vcpus: number, public memoryBytes: bigint,
    private readonly spawn: (memoryBytes: bigint) => V,
  ) {}

  /** An idle vCPU, or a new one. */
  acquire(): V {
    const vcpu = this.idle.pop() ?? this.spawn(this.memoryBytes);
    this.busy.add(vcpu);
    return vcpu;
  }

  /** Takes a vCPU back after its unit: kept, or ended if it is retired, surplus or the instance stops. */
  release(vcpu: V): void {
    this.busy.delete(vcpu);
    if (vcpu.retired || this.stopping || this.idle.length + this.busy.size >= this.vcpus) void vcpu.terminate();
    else this.idle.push(vcpu);
    if (this.busy.size === 0) this.drained?.();
  }

  /** Memory its vCPUs use, bytes. */
  memoryUsedBytes(): bigint {
    let sum = 0;
    for (const vcpu of [...this.idle, ...this.busy]) sum += vcpu.memoryUsedBytes;
    return BigInt(Math.round(sum));
  }

  /** A new shape, live: vCPUs made for the old memory end after their unit; surplus idle ones end now. */
  resize(vcpus: number, memoryBytes: bigint): void {
    if (memoryBytes !== this.memoryBytes) {
      this.memoryBytes = memoryBytes;
      for (const vcpu of this.busy) vcpu.retired = true;
      for (const vcpu of this.idle.splice(0)) void vcpu.terminate();
    }
    this.vcpus = vcpus;
    while (this.idle.length + this.busy.size > this.vcpus && this.idle.length > 0) void this.idle.pop()!.terminate();
  }

  /** Resolves once no unit runs, then ends every vCPU. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.busy.size > 0) await new Promise<void>((resolve) => { this.drained = resolve; });
    this.drained = undefined;
    await Promise.all(this.idle.splice(0).map((vcpu) => vcpu.terminate()));
  }
}
