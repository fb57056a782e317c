// @ts-check
// How the calling thread's CPU time and run-queue wait are read from the
// Linux scheduler: /proc/thread-self/schedstat holds the thread's time on a
// CPU, its time runnable but waiting, and how many times it got a CPU. The
// wait is brought up to date each time the thread gets a CPU, so it is
// current whenever the thread reads it; the CPU time only when the thread
// leaves its CPU, so a reading that needs it current first sleeps for an
// instant (Atomics.wait), which makes the thread leave it. A thread that got
// no CPU anew since a reading ran without a break: its CPU time since then is
// the time that passed.
import { readFileSync } from "node:fs";

const SCHEDSTAT = "/proc/thread-self/schedstat";
const instant = new Int32Array(new SharedArrayBuffer(4));

/**
 * The calling thread's CPU time, run-queue wait and count of times it got a CPU, so far.
 * @param {{ settle?: boolean }} [options] settle: bring the CPU time up to date first (costs a sleep)
 * @returns {{ cpuNs: number, waitNs: number, slices: number }}
 */
export function readSchedulerClock(options = {}) {
  if (options.settle) Atomics.wait(instant, 0, 0, 0.02);
  const [cpu, wait, slices] = readFileSync(SCHEDSTAT, "latin1").split(" ");
  return { cpuNs: Number(cpu), waitNs: Number(wait), slices: Number(slices) };
}

/**
 * Starts measuring a unit of work on the calling thread, which must have just
 * woken up for it (so that its clock is current). The result tells the CPU
 * time and run-queue wait since: without a break, the time that passed and no
 * wait; otherwise the scheduler's figures, settled.
 * @returns {() => { cpuNs: number, waitNs: number }}
 */
export function startThreadClock() {
  const first = readSchedulerClock();
  const wall = process.hrtime.bigint();
  return () => {
    if (readSchedulerClock().slices === first.slices) return { cpuNs: Number(process.hrtime.bigint() - wall), waitNs: 0 };
    const now = readSchedulerClock({ settle: true });
    return { cpuNs: now.cpuNs - first.cpuNs, waitNs: now.waitNs - first.waitNs };
  };
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
