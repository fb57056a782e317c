// strata.access.v1: entry points, sessions, the Forward data path, shaping policies.
export * from "../../gen/strata/access/v1/entry_point.js";
export * from "../../gen/strata/access/v1/session.js";
export * from "../../gen/strata/access/v1/forward.js";
export * from "../../gen/strata/access/v1/shaping.js";
