/** The reference hub (strata.hub.v1): subscriptions, merged topology, stitching, HubService. */
export { createHubServer, HUB_CATALOGUE } from "./create-hub-server.js";
export { createStitcher } from "./stitching/create-stitcher.js";
export type { HubServer, HubServerOptions } from "./create-hub-server.js";
export type { EndpointConfig, LinkStatus } from "./upstream/endpoint-link.js";
export type { Stitcher, StitcherOptions, StitcherStats } from "./stitching/create-stitcher.js";
