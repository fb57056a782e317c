export { createFleetServer } from "./create-fleet-server.js";
export { createFleetBackend } from "./fleet-backend.js";
export type { FleetServerOptions } from "./create-fleet-server.js";
export type { FleetOptions } from "./fleet-backend.js";
export type { FleetLoadOptions, MixEntry } from "./fleet-load.js";
