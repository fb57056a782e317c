import {
  Feature, GetCapabilitiesResponse, GetInfoResponse, IdentityServiceService, type Limits,
} from "../gen/strata/core/v1/identity.js";
import type { Layer } from "../gen/strata/core/v1/layer.js";
import { defineService } from "./service-registration.js";

/** The Strata specification version this SDK implements. */
export const SPEC_VERSION = "0.1.0";

/** Who the endpoint is (GetInfo), minus what the kit fills in. */
export interface EndpointInfo {
  vendor: string;
  product: string;
  version: string;
  /**
   * The layers the endpoint implements. Read at every GetInfo, so that an
   * endpoint that learns them while it runs (a hub, from the endpoints it
   * subscribes to) may add to this array.
   */
  layers: Layer[];
  attributes?: Record<string, string>;
}

export interface IdentityOptions {
  info: EndpointInfo;
  capabilities: readonly Feature[];
  limits: () => Limits;
  /** Readiness; defaults to ready. */
  probe?: () => { ready: boolean; reason?: string };
}

/** Serves strata.core.v1.IdentityService from static facts; public (no credentials). */
export function createIdentityService(options: IdentityOptions) {
  return defineService(IdentityServiceService, {
    getInfo: () => GetInfoResponse.fromPartial({ ...options.info, layers: [...options.info.layers], specVersion: SPEC_VERSION }),
    getCapabilities: () => GetCapabilitiesResponse.fromPartial({
      capabilities: [...new Set(options.capabilities)].map((feature) => ({ feature })),
      limits: options.limits(),
    }),
    probe: () => {
      const { ready, reason } = options.probe?.() ?? { ready: true };
      return { ready, reason: ready ? "" : reason ?? "not ready" };
    },
  }, { public: true });
}
