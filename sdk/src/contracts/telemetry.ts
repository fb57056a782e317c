// strata.telemetry.v1: request records, metric samples, TelemetryService.
export * from "../gen/strata/telemetry/v1/records.js";
export * from "../gen/strata/telemetry/v1/telemetry.js";
