// strata.hub.v1: applications, latency breakdowns and transactions across layers, HubService.
export * from "../gen/strata/hub/v1/hub.js";
export * from "../gen/strata/hub/v1/transaction.js";
