// strata.storage.v1: volumes, block I/O, LUN mapping, QoS, placement.
export * from "../../gen/strata/storage/v1/volume.js";
export * from "../../gen/strata/storage/v1/block.js";
export * from "../../gen/strata/storage/v1/mapping.js";
export * from "../../gen/strata/storage/v1/qos.js";
export * from "../../gen/strata/storage/v1/placement.js";
