import { setTimeout as sleep } from "node:timers/promises";
import { connect, type ClientAuth } from "@strata/sdk/client";
import { HUB_CLIENT_SERVICES } from "./hub-report.js";

/** Waits until the hub's Probe answers ready (a synced stream of every endpoint), or fails after `timeoutMs` with its reason. */
export async function waitUntilReady(address: string, auth: ClientAuth, timeoutMs = 30_000): Promise<void> {
  const client = connect(address, { services: HUB_CLIENT_SERVICES, auth });
  const deadline = Date.now() + timeoutMs;
  let reason = "";
  try {
    for (;;) {
      try {
        const probe = await client.identity.probe({});
        if (probe.ready) return;
        reason = probe.reason;
      } catch (error) {
        reason = (error as Error).message;
      }
      if (Date.now() > deadline) throw new Error(`the hub at ${address} was not ready within ${timeoutMs} ms: ${reason}`);
      await sleep(100);
    }
  } finally {
    client.close();
  }
}
