/**
 * The frames udpswitch has in flight: each is done once every copy the
 * switch sent out reached its port socket, or once lossTimeoutMs passed (the
 * missing copies were lost on the way).
 */
export class FrameTracker {
  private readonly frames = new Map<number, { remaining: number | undefined; done(): void; timer: NodeJS.Timeout }>();

  constructor(private readonly lossTimeoutMs: number) {}

  /** Resolves when the frame is done. */
  track(frameId: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(entry.timer);
        this.frames.delete(frameId);
        resolve();
      };
      const entry = { remaining: undefined as number | undefined, done, timer: setTimeout(done, this.lossTimeoutMs) };
      this.frames.set(frameId, entry);
    });
  }

  /** The switch sent `copies` copies of the frame out. */
  sent(frameId: number, copies: number): void {
    const entry = this.frames.get(frameId);
    if (!entry) return;
    entry.remaining = (entry.remaining ?? 0) + copies;
    if (entry.remaining <= 0) entry.done();
  }

  /** A copy reached a port socket. */
  arrived(frameId: number): void {
    const entry = this.frames.get(frameId);
    if (!entry || entry.remaining === undefined) return;
    if (--entry.remaining <= 0) entry.done();
  }

  /** Ends every wait (the switch closes). */
  close(): void {
    for (const entry of [...this.frames.values()]) entry.done();
  }
}
