export { createProcpoolServer } from "./create-procpool-server.js";
export { createProcpoolBackend } from "./procpool-backend.js";
export type { ProcpoolServerOptions } from "./create-procpool-server.js";
export type { ProcpoolOptions } from "./procpool-backend.js";
