import type { SwapStep } from "../swap-context.js";

/**
 * The storage swap scenario, filled by the storage suite's authors: create,
 * write, read, map, set QoS and delete through `s.call(label, …)` so that
 * status codes, metrics, records and topology of both vendors line up.
 */
export const storageSwapSteps: readonly SwapStep[] = [];
