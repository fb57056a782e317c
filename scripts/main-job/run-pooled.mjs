// A bounded pool for CI's scripts: runs tasks at most `limit` at a time (most
// of a conformance run is waiting on sample intervals, heartbeats and pacing,
// so a few at once fill the machine without starving the timing checks) and
// resolves with the results in the tasks' own order. Plain JS so that CI's .mjs
// scripts and the main job share it.

/**
 * @template T
 * @param {ReadonlyArray<() => Promise<T>>} tasks
 * @param {number} limit how many run at once (at least 1)
 * @returns {Promise<T[]>} every task's result, in the order of `tasks`; rejects with the first rejection once every started task has settled
 */
export async function runPooled(tasks, limit) {
  const results = new Array(tasks.length);
  const errors = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length && errors.length === 0) {
      const index = next++;
      try {
        results[index] = await tasks[index]();
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  if (errors.length > 0) throw errors[0];
  return results;
}

/**
 * How many runs go at once: `--concurrency N` on the command line, else the
 * STRATA_CI_CONCURRENCY environment variable, else `fallback`.
 * @param {number} fallback
 * @returns {number}
 */
export function concurrencyOf(fallback) {
  const flag = process.argv.findIndex((a) => a === "--concurrency" || a.startsWith("--concurrency="));
  const raw = flag < 0 ? process.env.STRATA_CI_CONCURRENCY
    : process.argv[flag].includes("=") ? process.argv[flag].split("=")[1] : process.argv[flag + 1];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`concurrency must be a whole number of at least 1, got "${raw}" (--concurrency or STRATA_CI_CONCURRENCY)`);
  return value;
}
