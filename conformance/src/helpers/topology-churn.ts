import { rpc } from "@strata/sdk/contracts";
import type { LayerCheckContext } from "../runner/check-context.js";
import { revisionNow } from "./topology-expect.js";
import { uniqueApplicationId } from "./unique-name.js";

/** Creates and deletes going on at once. */
const CONCURRENCY = 16;
/** How long the churn runs before its pace decides whether the budget will do, ms. */
const PACE_SAMPLE_MS = 1000;

/** What a churn did. */
export interface Churn {
  /** Whether the revision rose by the changes asked for within the budget. */
  reached: boolean;
  /** Revisions the churn moved the graph by. */
  changes: bigint;
  /** Create and delete pairs made. */
  pairs: number;
  elapsedMs: number;
}

/**
 * Makes at least `changes` topology changes by creating and deleting
 * resources of the layer (tenant A's, under one application of their own),
 * CONCURRENCY at a time; gives up once it is clear the budget will not do
 * (measured on the first pairs), resolving with what it made. The resources
 * are deleted at once, and a failed delete fails the check; nothing is left
 * to track.
 */
export async function churnTopology(t: LayerCheckContext, changes: bigint, budgetMs: number): Promise<Churn> {
  const { driver } = t.module;
  const started = performance.now();
  const from = await revisionNow(t, "before the churn");
  const applicationId = uniqueApplicationId(t, "churn");
  // Deleted right away by the churn itself: tracking thousands of deletes would only repeat them.
  const untracked: LayerCheckContext = { ...t, track: () => undefined, trackPending: (call) => call };
  let pairs = 0;
  let reached = false;
  let revision = from;
  let giveUp = false;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (!reached && !giveUp && !t.signal.aborted) {
      const resource = await driver.create(untracked, { stem: "churn", applicationId });
      await t.expectCode(driver.delete(t.tenantA, resource.id), rpc.Code.OK, `${driver.rpcs.delete} ${resource.id} (churn)`);
      pairs++;
      if (pairs % CONCURRENCY !== 0) continue;
      revision = await revisionNow(t, "during the churn");
      reached = revision - from >= changes;
      // The pace of the first second tells whether the budget will do.
      const elapsed = performance.now() - started;
      const projectedMs = elapsed * Number(changes) / Math.max(1, Number(revision - from));
      giveUp = !reached && (elapsed >= PACE_SAMPLE_MS || elapsed >= budgetMs) && projectedMs > budgetMs;
    }
  }));
  revision = await revisionNow(t, "after the churn");
  return { reached: revision - from >= changes, changes: revision - from, pairs, elapsedMs: performance.now() - started };
}
