import { pause } from "../helpers/pause.js";
import type { DrivenResource } from "../registry/traffic-driver.js";
import type { LayerCheckContext } from "../runner/check-context.js";
import type { AnyClients } from "../runner/endpoint-scope.js";

/** Data-path calls made over and over on one resource until stopped. */
export interface BackgroundLoad {
  /** Stops the calls; resolves once the last one has been answered, with how many were answered OK and how many were not. */
  stop(): Promise<{ answered: number; refused: number }>;
}

/** How long a loop waits after a call that was not answered OK (a throttled one, say), ms: a refused caller backs off. */
const BACK_OFF_MS = 100;

/**
 * Starts `loops` loops of data-path calls on `resource` through the layer's
 * traffic driver, as `as` in `applicationId`, each pausing `pauseMs` between
 * calls. No call is asserted: a call not answered OK (the layer throttles a
 * limited tenant) is counted and backed off from. The loops end with the
 * check; `behind` is `t` with clients of the layer endpoint behind the hub.
 */
export function startLoad(behind: LayerCheckContext, resource: DrivenResource, options: { as: AnyClients; applicationId: string; loops: number; pauseMs: number; label: string }): BackgroundLoad {
  let stopped = false;
  let answered = 0;
  let refused = 0;
  let index = 0;
  const loop = async () => {
    while (!stopped && !behind.signal.aborted) {
      const i = index++;
      try {
        await behind.module.driver.call(behind, resource, { label: `${options.label} #${i}`, index: i, applicationId: options.applicationId, as: options.as });
        answered++;
        await pause(options.pauseMs, behind.signal);
      } catch {
        refused++;
        await pause(BACK_OFF_MS, behind.signal);
      }
    }
  };
  const loops = Array.from({ length: options.loops }, loop);
  let done: Promise<{ answered: number; refused: number }> | undefined;
  const stop = () => (done ??= (stopped = true, Promise.all(loops).then(() => ({ answered, refused }))));
  behind.track(async () => void (await stop()), `stop the ${options.label} load`);
  return { stop };
}
