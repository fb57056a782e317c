/**
 * @strata/sdk/client: typed clients for every Strata service, for tools and
 * platform teams.
 */
export { connect, promiseClient, metadataFor, COMMON_SERVICES } from "./client/connect.js";
export { subscribe } from "./client/subscribe.js";
export { StrataError, isStrataError } from "./errors/strata-error.js";

export type { ConnectOptions, ClientAuth, CallExtras, PromiseClient, StrataClients, ServiceMap } from "./client/connect.js";
export type { SubscribeEvent, SubscribeOptions, SubscribeRequestInput } from "./client/subscribe.js";
export type { FieldViolation } from "./errors/strata-error.js";
