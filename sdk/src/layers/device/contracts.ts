// strata.device.v1: the device inventory, the Transact and RunJourney data path, experience reports.
export * from "../../gen/strata/device/v1/device.js";
export * from "../../gen/strata/device/v1/transaction.js";
export * from "../../gen/strata/device/v1/experience.js";
