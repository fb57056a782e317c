import type { SwapStep } from "../swap-context.js";

/** Steps every layer shares, run through its module before its own steps. */
export const layerSwapSteps: readonly SwapStep[] = [
  async function unauthenticated(s) {
    if (!s.module) return;
    const { sampleCall } = s.module;
    await s.call(`${sampleCall.rpc} without credentials`, sampleCall.call(s.connect("anonymous")));
  },
];
