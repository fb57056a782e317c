import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Work } from "@strata/sdk/compute";
import { UnitChannel, type UnitReply, type VcpuRun } from "../shared/unit-channel.js";
import type { Vcpu } from "../shared/vcpu-pool.js";

const CHILD = fileURLToPath(new URL("./instance-process.mjs", import.meta.url));

/** A process's resident memory, bytes, from /proc/<pid>/status (0 where the system does not say). */
function residentBytes(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "latin1"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * One vCPU of a procpool instance: a child process (instance-process.mjs)
 * with the instance's memory as its heap limit, measured by the operating
 * system's accounting of the process.
 */
export class VcpuProcess implements Vcpu {
  retired = false;
  private readonly child: ChildProcess;
  private readonly channel: UnitChannel;
  private readonly exited: Promise<void>;

  constructor(memoryBytes: bigint) {
    const heapMb = Math.max(8, Number(memoryBytes >> 20n));
    this.child = fork(CHILD, [], {
      execArgv: [`--max-old-space-size=${heapMb}`], serialization: "advanced", stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    this.channel = new UnitChannel("instance process", (message) => this.child.send(message));
    this.child.on("message", (reply: UnitReply) => this.channel.receive(reply));
    this.child.on("error", (error) => this.channel.fail(error));
    this.exited = new Promise((resolve) => this.child.once("exit", (code, signal) => {
      this.channel.fail(new Error(`the process exited (${signal ?? `code ${code}`})`));
      resolve();
    }));
  }

  /** Resident memory of the process, read from the operating system now, bytes. */
  get memoryUsedBytes(): number {
    return this.channel.dead ? 0 : residentBytes(this.child.pid);
  }

  run(work: Work): Promise<VcpuRun> {
    return this.channel.run(work);
  }

  async terminate(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    await this.exited;
  }
}
