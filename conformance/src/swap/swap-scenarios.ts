import type { ConformanceLayer } from "../layers.js";
import { commonSwapSteps } from "./scenarios/common-swap-steps.js";
import { storageSwapSteps } from "./scenarios/storage-swap-steps.js";
import type { SwapStep } from "./swap-context.js";

/** The scenario each layer's swap proof runs: the common steps, then the layer's own. */
export const SWAP_SCENARIOS: Record<ConformanceLayer, readonly SwapStep[]> = {
  storage: [...commonSwapSteps, ...storageSwapSteps],
};
