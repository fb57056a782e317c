import { makeGenericClientConstructor, Metadata, type ChannelInterface, type ServiceError } from "@grpc/grpc-js";
import { StrataError } from "@strata/sdk/client";
import { service as healthService } from "grpc-health-check";
import { clientOn } from "./client-on.js";

const HealthClient = makeGenericClientConstructor(healthService as never, "grpc.health.v1.Health");

/**
 * Calls grpc.health.v1.Health/Check over an open channel; resolves to the
 * serving status ("SERVING", "NOT_SERVING", …), rejects with a StrataError.
 */
export function checkHealth(
  channel: ChannelInterface,
  options: { service?: string; metadata?: Metadata; timeoutMs: number },
): Promise<string> {
  const client = clientOn(HealthClient, channel);
  return new Promise((resolve, reject) => {
    client.check({ service: options.service ?? "" }, options.metadata ?? new Metadata(), { deadline: Date.now() + options.timeoutMs },
      (error: ServiceError | null, response?: { status: string }) =>
        (error ? reject(StrataError.fromServiceError(error)) : resolve(response?.status ?? "UNKNOWN")));
  });
}
