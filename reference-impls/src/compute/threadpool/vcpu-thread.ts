import { Worker } from "node:worker_threads";
import type { Work } from "@strata/sdk/compute";
import { UnitChannel, type UnitReply, type VcpuRun } from "../shared/unit-channel.js";
import type { Vcpu } from "../shared/vcpu-pool.js";

const WORKER = new URL("./vcpu-worker.mjs", import.meta.url);

/**
 * One vCPU of a threadpool instance: a worker thread with the instance's
 * memory as its heap limit (vcpu-worker.mjs), measured by its own thread's
 * scheduler clock.
 */
export class VcpuThread implements Vcpu {
  retired = false;
  private readonly worker: Worker;
  private readonly channel: UnitChannel;
  private memory = 0;

  constructor(memoryBytes: bigint) {
    const heapMb = Math.max(8, Number(memoryBytes >> 20n));
    this.worker = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: heapMb }, stdout: false, stderr: false });
    this.channel = new UnitChannel("vCPU thread", (message) => this.worker.postMessage(message));
    this.worker.on("message", (reply: UnitReply) => {
      if (reply.memoryBytes !== undefined) this.memory = reply.memoryBytes;
      this.channel.receive(reply);
    });
    this.worker.on("error", (error) => this.channel.fail(error));
    this.worker.on("exit", (code) => this.channel.fail(new Error(`the thread exited with code ${code}`)));
  }

  /** Memory the thread's heap uses, as it last reported, bytes. */
  get memoryUsedBytes(): number {
    return this.channel.dead ? 0 : this.memory;
  }

  run(work: Work): Promise<VcpuRun> {
    return this.channel.run(work);
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}
