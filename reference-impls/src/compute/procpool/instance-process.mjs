// @ts-check
// One vCPU of a procpool instance: a child process that runs the units of
// work its parent sends over IPC, one at a time. Its CPU time comes from the
// operating system's accounting of the whole process (process.cpuUsage), its
// run-queue wait from the scheduler's. Plain JavaScript, loaded as it is.
import { readSchedulerClock } from "../shared/scheduler-clock.mjs";
import { runUnit } from "../shared/units-of-work.mjs";

/** The process's CPU time so far, ns (user and system, every thread). */
const processCpuNs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
};

/** The main thread's run-queue wait so far, ns; 0 where the scheduler does not say. */
const waitNs = () => {
  try {
    return readSchedulerClock().waitNs;
  } catch {
    return 0;
  }
};

const send = (/** @type {object} */ message) => process.send?.(message);

process.on("message", (/** @type {{ id: number, work: any }} */ { id, work }) => {
  try {
    const waitBefore = waitNs();
    const cpuBefore = processCpuNs();
    const digest = runUnit(work, processCpuNs);
    const cpuAfter = processCpuNs();
    send({ id, digest, cpuNs: cpuAfter - cpuBefore, waitNs: waitNs() - waitBefore });
  } catch (error) {
    send({ id, error: String(/** @type {Error} */ (error).message) });
  }
});
process.on("disconnect", () => process.exit(0));
send({ ready: true });
