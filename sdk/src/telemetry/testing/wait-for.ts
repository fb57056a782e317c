import { setTimeout as sleep } from "node:timers/promises";

/** Polls until condition() holds; for state that changes on another turn of the event loop (never to gate on time). */
export async function waitFor(condition: () => boolean, what = "condition", limitMs = 10_000): Promise<void> {
  for (const started = Date.now(); !condition();) {
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
