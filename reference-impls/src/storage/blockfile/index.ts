export { createBlockfileServer } from "./create-blockfile-server.js";
export { createBlockfileBackend } from "./blockfile-backend.js";
export type { BlockfileServerOptions } from "./create-blockfile-server.js";
export type { BlockfileOptions, BlockfileBackend } from "./blockfile-backend.js";
export type { BlockfileQosOptions } from "./blockfile-qos.js";
export type { DeviceModel } from "./device-model.js";
