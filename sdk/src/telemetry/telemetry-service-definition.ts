import { TelemetryServiceService, type SubscribeResponse } from "../gen/strata/telemetry/v1/telemetry.js";

const generated = TelemetryServiceService.subscribe;

/**
 * The generated TelemetryService definition, except that Subscribe's response
 * serializer passes a Buffer through untouched: streams send SubscribeResponse
 * bytes assembled from a batch encoded once for all of them (see
 * response-encoder.ts). Objects are still encoded, so handlers may mix both.
 */
export const telemetryServiceDefinition = {
  ...TelemetryServiceService,
  subscribe: {
    ...generated,
    responseSerialize: (value: SubscribeResponse | Buffer): Buffer => (Buffer.isBuffer(value) ? value : generated.responseSerialize(value)),
  },
} as const;
