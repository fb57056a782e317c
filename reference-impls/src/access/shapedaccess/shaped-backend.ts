import { setTimeout as sleep } from "node:timers/promises";
import type { AccessBackend } from "@strata/sdk/access";
import { StrataError } from "@strata/sdk/server";
import { TokenBucketShaper } from "./token-bucket-shaper.js";
import { WanModel, type WanOptions } from "./wan-model.js";

export type ShapedOptions = WanOptions;

/** Waits until `until` on performance.now()'s clock (timers may fire early: it waits again for what is left); CANCELLED when the caller goes away. */
async function waitUntil(until: number, signal: AbortSignal, what: string): Promise<void> {
  for (let left = until - performance.now(); left > 0; left = until - performance.now()) {
    await sleep(Math.max(1, Math.ceil(left)), undefined, { signal }).catch(() => {
      throw StrataError.cancelled(what);
    });
  }
}

/**
 * The shapedaccess backend: an edge behind a modelled WAN that shapes every
 * tenant with a token bucket. A request first crosses the WAN to the edge,
 * then takes a token of its tenant's bucket (waiting in arrival order for
 * one when the bucket is empty: the shaping delay, measured), is handed to
 * its entry point, and its answer crosses the WAN back. Crossings are late
 * by the configured latency and by a retransmission per loss.
 */
export function createShapedBackend(options: ShapedOptions = {}): AccessBackend {
  const wan = new WanModel(options);
  const shaper = new TokenBucketShaper();
  const prune = setInterval(() => shaper.prune(performance.now()), 10_000);
  prune.unref();
  return {
    async forward(carriage) {
      const { signal, session } = carriage;
      const what = `request of session "${session.sessionId}"`;
      await waitUntil(performance.now() + wan.crossingMs(), signal, `${what}, crossing the WAN to the edge`);
      // Read at admission: a policy set while the request crossed applies to it.
      const policy = carriage.policy();
      let shapingDelayNs = 0;
      if (policy) {
        const arrived = performance.now();
        const departure = shaper.admit(session.workload!.tenantId, policy, arrived);
        if (departure > arrived) {
          await waitUntil(departure, signal, `${what}, waiting for its tenant's shaping policy`);
          shapingDelayNs = Math.round((performance.now() - arrived) * 1e6);
        }
      }
      const payload = await carriage.deliver();
      await waitUntil(performance.now() + wan.crossingMs(), signal, `${what}, crossing the WAN back`);
      return { payload, shapingDelayNs };
    },
    async close() {
      clearInterval(prune);
    },
  };
}
