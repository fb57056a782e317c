export { createDirectfabricServer } from "./create-directfabric-server.js";
export { createDirectfabricBackend } from "./directfabric-backend.js";
export type { DirectfabricServerOptions } from "./create-directfabric-server.js";
export type { DirectfabricOptions } from "./directfabric-backend.js";
