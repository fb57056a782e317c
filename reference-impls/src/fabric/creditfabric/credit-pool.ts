/** A frame waiting for a credit: lossless ones are served first. */
interface Waiter {
  readonly lossless: boolean;
  grant(): void;
}

/**
 * The buffer-to-buffer credits of one link: as many as the frames the
 * receiving end can hold. A frame takes one before it is sent on the link
 * and gives it back once the next hop took it, so that a sender never sends
 * what the receiver has no room for (no loss to congestion). A lossless frame
 * waits for a credit as long as it takes; a best-effort frame only for the
 * hold time, and is discarded after it.
 */
export class CreditPool {
  private available: number;
  private readonly waiting: Waiter[] = [];

  constructor(credits: number) {
    this.available = credits;
  }

  /** Takes a credit: true once taken, false when a best-effort frame's hold time ran out first. */
  take(lossless: boolean, holdNs: number, signal: AbortSignal): Promise<boolean> {
    if (this.available > 0 && this.waiting.length === 0) {
      this.available -= 1;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const leave = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        if (timer) clearTimeout(timer);
        signal.removeEventListener("abort", aborted);
      };
      const aborted = () => {
        leave();
        reject(signal.reason);
      };
      const waiter: Waiter = {
        lossless,
        grant: () => {
          leave();
          resolve(true);
        },
      };
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener("abort", aborted, { once: true });
      if (!lossless) {
        timer = setTimeout(() => {
          leave();
          resolve(false);
        }, Math.max(1, Math.round(holdNs / 1e6)));
      }
      // Lossless frames go before every best-effort one, in arrival order among themselves.
      const after = lossless ? this.waiting.findIndex((w) => !w.lossless) : -1;
      if (after < 0) this.waiting.push(waiter);
      else this.waiting.splice(after, 0, waiter);
    });
  }

  /** Gives a credit back: to the first waiting frame, else to the pool. */
  give(): void {
    const next = this.waiting[0];
    if (next) next.grant();
    else this.available += 1;
  }
}
