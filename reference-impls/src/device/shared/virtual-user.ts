import { StrataError } from "@strata/sdk/server";

/**
 * The user at one device (a fleet's virtual user, a probe's script): the device issues one transaction at
 * a time, the others wait their turn, first come first served, and what they
 * wait is latency their user sees. A transaction given up while it waits
 * leaves the line at once, answered CANCELLED.
 */
export class VirtualUser {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `work` once the transactions before it are done. */
  run<T>(work: () => Promise<T>, signal: AbortSignal): Promise<T> {
    const turn = this.tail;
    let release!: () => void;
    const done = new Promise<void>((resolve) => { release = resolve; });
    this.tail = turn.then(() => done);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        release();
        reject(StrataError.cancelled("the transaction, while it waited its turn on the device"));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      void turn.then(async () => {
        if (signal.aborted) return;
        signal.removeEventListener("abort", onAbort);
        try {
          resolve(await work());
        } catch (error) {
          reject(error);
        } finally {
          release();
        }
      });
    });
  }
}
