import { createHubServer, type HubServer } from "../hub/index.js";
import type { StackCredentials } from "./stack-credentials.js";
import { STACK_LAYERS, type StackConfig, type StackLayer } from "./stack-config.js";

/** The hub of a stack: subscribed to every layer's endpoint with the operator's credentials, verifying its callers as the vendors do. */
export function createStackHub(
  config: StackConfig, addresses: Record<StackLayer, string>, credentials: StackCredentials, backoff?: { initialMs: number; maxMs: number },
): HubServer {
  return createHubServer({
    endpoints: STACK_LAYERS.map((layer) => ({ target: addresses[layer], auth: credentials.operator })),
    auth: credentials.auth,
    sampleIntervalMs: config.sampleIntervalMs,
    stitching: { settleMs: config.settleMs },
    ...(backoff ? { backoff } : {}),
  });
}
