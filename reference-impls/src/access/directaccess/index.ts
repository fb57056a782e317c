export { createDirectaccessServer } from "./create-directaccess-server.js";
export { createDirectBackend } from "./direct-backend.js";
export type { DirectaccessServerOptions } from "./create-directaccess-server.js";
