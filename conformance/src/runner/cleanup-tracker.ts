import { describeError } from "../helpers/describe-error.js";
import { withTimeout } from "./with-timeout.js";

/** Collects what a check created and undoes it afterwards, newest first (csi-sanity's LIFO cleanup). */
export interface CleanupTracker {
  track(cleanup: () => unknown, what?: string): void;
  /**
   * Registers the undo of a call still under way (a create), before it
   * answers: when the cleanups run, it waits for the call, then undoes what
   * it made; a call that answers only after the cleanups gave up on it is
   * undone when it answers. Returns the call unchanged.
   */
  trackPending<T>(call: Promise<T>, undo: (value: T) => unknown, what?: string): Promise<T>;
  /** Runs every cleanup, newest first, even after one fails; resolves to the failures. */
  runAll(timeoutMs: number): Promise<string[]>;
}

export function createCleanupTracker(): CleanupTracker {
  const stack: { cleanup: (timeoutMs: number) => unknown; what: string }[] = [];
  const tracker: CleanupTracker = {
    track(cleanup, what) {
      stack.push({ cleanup, what: what ?? `cleanup #${stack.length + 1}` });
    },
    trackPending<T>(call: Promise<T>, undo: (value: T) => unknown, what?: string): Promise<T> {
      const settled: Promise<{ value: T } | undefined> = call.then((value) => ({ value }), () => undefined);
      stack.push({
        what: what ?? `cleanup #${stack.length + 1}`,
        async cleanup(timeoutMs) {
          // Half the time to wait for the answer, the other half to undo what it made.
          const waitMs = Math.max(1, Math.floor(timeoutMs / 2));
          let made: { value: T } | undefined;
          try {
            made = await withTimeout(settled, waitMs, () => new Error(`still unanswered after ${waitMs} ms`));
          } catch (error) {
            // Whatever it makes once it answers is undone then, unattended: nothing leaks.
            void settled.then((late) => (late ? undo(late.value) : undefined)).catch(() => undefined);
            throw error;
          }
          if (made) await undo(made.value);
        },
      });
      return call;
    },
    async runAll(timeoutMs) {
      const errors: string[] = [];
      for (let entry = stack.pop(); entry; entry = stack.pop()) {
        const { cleanup, what } = entry;
        try {
          await withTimeout(Promise.resolve().then(() => cleanup(timeoutMs)), timeoutMs, () => new Error(`did not finish within ${timeoutMs} ms`));
        } catch (error) {
          errors.push(`${what}: ${describeError(error)}`);
        }
      }
      return errors;
    },
  };
  return tracker;
}
