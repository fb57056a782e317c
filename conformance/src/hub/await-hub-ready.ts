import { setTimeout as sleep } from "node:timers/promises";
import { resolveConfig, type ConformanceConfigInput } from "../config.js";
import { connectWith } from "../runner/open-session.js";

/**
 * Waits, up to `ms`, until the hub answers Probe ready: once it holds a
 * synced stream of each endpoint it reads, which through a relay the run has
 * just started takes the hub's next reconnection. Resolves either way: a hub
 * that never gets ready fails the identity checks, which say why.
 */
export async function awaitHubReady(input: ConformanceConfigInput, ms: number): Promise<void> {
  const client = connectWith(resolveConfig(input), "anonymous", []);
  try {
    for (const until = Date.now() + ms; Date.now() < until; await sleep(100)) {
      if (await client.identity.probe({}).then((answer) => answer.ready, () => false)) return;
    }
  } finally {
    client.close();
  }
}
