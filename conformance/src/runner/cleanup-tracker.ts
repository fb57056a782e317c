import { describeError } from "../helpers/describe-error.js";
import { withTimeout } from "./with-timeout.js";

/** Collects what a check created and undoes it afterwards, newest first (csi-sanity's LIFO cleanup). */
export interface CleanupTracker {
  track(cleanup: () => unknown, what?: string): void;
  /** Runs every cleanup, newest first, even after one fails; resolves to the failures. */
  runAll(timeoutMs: number): Promise<string[]>;
}

export function createCleanupTracker(): CleanupTracker {
  const stack: { cleanup: () => unknown; what: string }[] = [];
  return {
    track(cleanup, what) {
      stack.push({ cleanup, what: what ?? `cleanup #${stack.length + 1}` });
    },
    async runAll(timeoutMs) {
      const errors: string[] = [];
      for (let entry = stack.pop(); entry; entry = stack.pop()) {
        const { cleanup, what } = entry;
        try {
          await withTimeout(Promise.resolve().then(cleanup), timeoutMs, () => new Error(`did not finish within ${timeoutMs} ms`));
        } catch (error) {
          errors.push(`${what}: ${describeError(error)}`);
        }
      }
      return errors;
    },
  };
}
