// strata.management.v1: capacity, chargeback, performance baselines and SLAs, served by the management tools.
export * from "../gen/strata/management/v1/assurance.js";
export * from "../gen/strata/management/v1/capacity.js";
export * from "../gen/strata/management/v1/chargeback.js";
export * from "../gen/strata/management/v1/performance.js";
