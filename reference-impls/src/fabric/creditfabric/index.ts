export { createCreditfabricServer } from "./create-creditfabric-server.js";
export { createCreditfabricBackend } from "./creditfabric-backend.js";
export type { CreditfabricServerOptions } from "./create-creditfabric-server.js";
export type { CreditfabricOptions } from "./creditfabric-backend.js";
