// strata.fabric.v1: ports, zones, paths and the Transfer data path.
export * from "../../gen/strata/fabric/v1/port.js";
export * from "../../gen/strata/fabric/v1/zone.js";
export * from "../../gen/strata/fabric/v1/path.js";
export * from "../../gen/strata/fabric/v1/transfer.js";
