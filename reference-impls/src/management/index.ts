/** The management tools above the hub (docs/management.md): chargeback, capacity, performance, and their gRPC endpoint. */
export { createChargeback } from "./chargeback/create-chargeback.js";
export { createLedger } from "./chargeback/create-ledger.js";
export { openLedgerDatabase } from "./chargeback/open-ledger-database.js";
export { DEFAULT_RATE_CARD, parseRateCard, readRateCard } from "./chargeback/rate-card.js";
export { createCapacity } from "./capacity/create-capacity.js";
export { createPerformance } from "./performance/create-performance.js";
export { createPerformanceTracker } from "./performance/create-performance-tracker.js";
export { createManagementServer } from "./server/create-management-server.js";
export type { Chargeback, ChargebackOptions } from "./chargeback/create-chargeback.js";
export type { Ledger } from "./chargeback/create-ledger.js";
export type { RateCard } from "./chargeback/rate-card.js";
export type { SqlDatabase } from "./chargeback/sql-database.js";
export type { Capacity, CapacityOptions } from "./capacity/create-capacity.js";
export type { Performance, PerformanceOptions } from "./performance/create-performance.js";
export type { PerformanceTracker } from "./performance/create-performance-tracker.js";
export type { ManagementServerOptions } from "./server/create-management-server.js";
export type { HubConnection } from "./hub/connect-hub.js";
