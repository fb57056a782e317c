import { StrataError } from "@strata/sdk/server";
import type { Work } from "@strata/sdk/compute";

/** What one unit of work measured where it ran. */
export interface VcpuRun {
  digest: Buffer;
  /** CPU time it used, ns. */
  cpuNs: number;
  /** Time the operating system kept it runnable but waiting while it ran, ns. */
  waitNs: number;
}

/** What a vCPU (vcpu-worker.mjs, instance-process.mjs) answers for a unit, or says of itself. */
export interface UnitReply {
  id?: number;
  ready?: boolean;
  digest?: Uint8Array;
  cpuNs?: number;
  waitNs?: number;
  memoryBytes?: number;
  error?: string;
}

/**
 * One unit of work at a time over the message channel of a vCPU (a worker
 * thread's port, a child process's IPC): sends it, pairs the answer with it,
 * and turns a vCPU that dies mid-unit into UNAVAILABLE for the caller.
 */
export class UnitChannel {
  private pending: { id: number; resolve: (run: VcpuRun) => void; reject: (error: unknown) => void } | undefined;
  private nextId = 1;
  private failed: unknown;
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private refuse!: (error: unknown) => void;

  constructor(private readonly what: string, private readonly send: (message: { id: number; work: Work }) => void) {
    this.ready = new Promise((resolve, reject) => { this.markReady = resolve; this.refuse = reject; });
    this.ready.catch(() => undefined);
  }

  /** True once the vCPU died or was ended. */
  get dead(): boolean {
    return this.failed !== undefined;
  }

  /** Runs one unit; UNAVAILABLE when the vCPU dies doing it. */
  async run(work: Work): Promise<VcpuRun> {
    await this.ready;
    if (this.failed) throw StrataError.unavailable(this.what, this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending = { id, resolve, reject };
      this.send({ id, work });
    });
  }

  /** Handles a message of the vCPU. */
  receive(reply: UnitReply): void {
    if (reply.ready !== undefined) {
      if (reply.ready) this.markReady();
      else this.fail(new Error(reply.error ?? "not ready"));
      return;
    }
    const pending = this.pending;
    if (!pending || reply.id !== pending.id) return;
    this.pending = undefined;
    if (reply.error !== undefined) pending.reject(StrataError.unavailable(`${this.what}: ${reply.error}`));
    else pending.resolve({ digest: Buffer.from(reply.digest!), cpuNs: reply.cpuNs!, waitNs: reply.waitNs! });
  }

  /** The vCPU died (or was ended): its unit, if any, fails UNAVAILABLE. */
  fail(error: unknown): void {
    this.failed ??= error;
    this.refuse(StrataError.unavailable(this.what, error));
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(StrataError.unavailable(this.what, error));
  }
}
