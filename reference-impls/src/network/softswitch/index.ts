export { createSoftswitchServer } from "./create-softswitch-server.js";
export { createSoftswitchBackend } from "./softswitch-backend.js";
export type { SoftswitchServerOptions } from "./create-softswitch-server.js";
export type { SoftswitchOptions } from "./softswitch-backend.js";
