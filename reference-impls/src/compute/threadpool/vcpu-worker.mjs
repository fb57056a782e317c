// @ts-check
// One vCPU of a threadpool instance: a worker thread that runs the units of
// work its instance hands it, one at a time, and measures each from its own
// thread's scheduler clock. Plain JavaScript, loaded as it is.
import { getHeapStatistics } from "node:v8";
import { parentPort } from "node:worker_threads";
import { assertSchedulerClock, startThreadClock } from "../shared/scheduler-clock.mjs";
import { runUnit } from "../shared/units-of-work.mjs";

const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);
const memoryBytes = () => {
  const heap = getHeapStatistics();
  return heap.used_heap_size + heap.external_memory;
};

try {
  assertSchedulerClock();
  port.postMessage({ ready: true, memoryBytes: memoryBytes() });
} catch (error) {
  port.postMessage({ ready: false, error: String(/** @type {Error} */ (error).message) });
}

port.on("message", (/** @type {{ id: number, work: any }} */ { id, work }) => {
  try {
    // The thread just woke up for the unit, so its clock is current.
    const elapsed = startThreadClock();
    const digest = runUnit(work, () => elapsed().cpuNs);
    const { cpuNs, waitNs } = elapsed();
    port.postMessage({
      id, digest, cpuNs, waitNs, memoryBytes: memoryBytes(),
    });
  } catch (error) {
    port.postMessage({ id, error: String(/** @type {Error} */ (error).message) });
  }
});
