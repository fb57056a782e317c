import type { AccessBackend } from "@strata/sdk/access";

/**
 * The directaccess backend: a pass-through edge. Each request goes to its
 * entry point the moment it arrives and its answer comes straight back; no
 * policy shapes it (the vendor does not declare FEATURE_ACCESS_SHAPING), so
 * its shaping delay is 0.
 */
export function createDirectBackend(): AccessBackend {
  return {
    async forward(carriage) {
      return { payload: await carriage.deliver(), shapingDelayNs: 0 };
    },
  };
}
