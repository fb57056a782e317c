// @ts-check
// How the calling thread's CPU time and run-queue wait are read from the
// Linux scheduler: /proc/thread-self/schedstat holds the thread's time on a
// CPU and its time runnable but waiting, in nanoseconds. The kernel brings
// them up to date when the thread is switched out, so a reading first sleeps
// for an instant (Atomics.wait), which switches it out.
import { readFileSync } from "node:fs";

const SCHEDSTAT = "/proc/thread-self/schedstat";
const instant = new Int32Array(new SharedArrayBuffer(4));

/**
 * The calling thread's CPU time and run-queue wait so far.
 * @returns {{ cpuNs: number, waitNs: number }}
 */
export function readSchedulerClock() {
  Atomics.wait(instant, 0, 0, 0.02);
  const [cpu, wait] = readFileSync(SCHEDSTAT, "latin1").split(" ");
  return { cpuNs: Number(cpu), waitNs: Number(wait) };
}

/**
 * Throws unless this system can measure threads (Linux with schedstat).
 * @returns {void}
 */
export function assertSchedulerClock() {
  try {
    readSchedulerClock();
  } catch (error) {
    throw new Error(`the CPU time of a thread cannot be measured here: ${SCHEDSTAT} is unreadable (Linux only)`, { cause: error });
  }
}
