import type { LayerModule } from "../registry/layer-module.js";
import { commonSwapSteps } from "./scenarios/common-swap-steps.js";
import { layerSwapSteps } from "./scenarios/layer-swap-steps.js";
import type { SwapStep } from "./swap-context.js";

/** A step of a swap scenario, with the layer it runs for (none for the common steps). */
export interface ScenarioStep {
  step: SwapStep;
  module?: LayerModule;
}

/** The swap scenario of an endpoint: the common steps once, then for each layer under test the steps every layer shares and its own. */
export function swapScenario(modules: readonly LayerModule[]): ScenarioStep[] {
  return [
    ...commonSwapSteps.map((step) => ({ step })),
    ...modules.flatMap((module) => [...layerSwapSteps, ...(module.swapSteps as readonly SwapStep[])].map((step) => ({ step, module }))),
  ];
}
