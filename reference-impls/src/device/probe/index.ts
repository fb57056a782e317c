export { createProbeServer } from "./create-probe-server.js";
export { createProbeBackend } from "./probe-backend.js";
export { createTcpEchoRoute } from "./tcp-echo-route.js";
export type { ProbeServerOptions } from "./create-probe-server.js";
export type { ProbeOptions } from "./probe-backend.js";
export type { MonitorOptions, ScriptedJourney, ScriptedStep } from "./journey-monitor.js";
