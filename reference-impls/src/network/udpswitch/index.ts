export { createUdpswitchServer } from "./create-udpswitch-server.js";
export { createUdpswitchBackend } from "./udpswitch-backend.js";
export type { UdpswitchServerOptions } from "./create-udpswitch-server.js";
export type { UdpswitchOptions } from "./udpswitch-backend.js";
