import type { SubscribeEvent } from "@strata/sdk/client";

/** Whether a tool follows the hub's stream live, as `strata manage`'s readiness reports it. */
export interface Liveness {
  /** Resolves at the first sync marker: the tool has followed the hub live once. */
  readonly synced: Promise<void>;
  /** True from a sync marker until the stream next fails or ends: what the tool serves is current. */
  live(): boolean;
  /** Follows one event of the hub's stream: a sync marker makes the tool live, a reconnection not. */
  see(event: SubscribeEvent): void;
  /** The stream ended for good (the tool stopped, or an error the retry table does not retry). */
  end(): void;
}

/**
 * A tool's liveness on the hub's stream. After the hub restarts or goes
 * away, the stream fails and the subscriber reconnects: the tool is not live
 * again until the restarted hub's sync marker (after its gap and snapshot)
 * says it has caught up.
 */
export function createLiveness(): Liveness {
  let live = false;
  let markSynced!: () => void;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));
  return {
    synced,
    live: () => live,
    see(event) {
      if (event.type === "sync") {
        live = true;
        markSynced();
      } else if (event.type === "reconnecting") {
        live = false;
      }
    },
    end() {
      live = false;
    },
  };
}
