export { createMemstoreServer } from "./create-memstore-server.js";
export { createMemstoreBackend } from "./memstore-backend.js";
export type { MemstoreServerOptions } from "./create-memstore-server.js";
export type { MemstoreOptions } from "./memstore-backend.js";
