// The hub's part of the suite (docs/hub.md, docs/conformance.md): the hub module, its checks and its run.
export { behindHub } from "./behind-hub.js";
export { HUB_MODULE_NAME, hubLayerModule } from "./hub-layer-module.js";
export { HUB_SERVICES } from "./hub-services.js";
export { HUB_CHECKS } from "./hub-suite.js";
export { createStreamRelay } from "./stream-relay.js";
export { HUB_COMMON_SUITES, hubModuleOutline, planHubChecks, runHubConformance } from "./run-hub-conformance.js";
export type { BackingEndpoint } from "./hub-layer-module.js";
export type { HubRunInput } from "./run-hub-conformance.js";
export type { StreamRelay } from "./stream-relay.js";
