import type { DeviceRoute } from "./device-backend.js";
import { TransactionRoute } from "./contracts.js";
import { answerEcho } from "./echo-application.js";

/**
 * The route of an endpoint configured with no access endpoint: every
 * transaction goes to the built-in echo application, in this process.
 */
export function createEchoRoute(): DeviceRoute {
  return {
    route: TransactionRoute.TRANSACTION_ROUTE_ECHO,
    exchange: ({ payload, echo, signal }) => answerEcho(payload, echo, signal),
  };
}
