export { createThreadpoolServer } from "./create-threadpool-server.js";
export { createThreadpoolBackend } from "./threadpool-backend.js";
export type { ThreadpoolServerOptions } from "./create-threadpool-server.js";
export type { ThreadpoolOptions } from "./threadpool-backend.js";
