import { metadataValue } from "../auth/authenticator.js";
import { StrataError } from "../errors/strata-error.js";
import { APPLICATION_ID_RULE, isValidApplicationId } from "./id-rules.js";
import type { Interceptor } from "./interceptor.js";

/**
 * Refuses a `strata-application-id` that breaks the WorkloadRef rule with
 * INVALID_ARGUMENT naming the key (its value is never echoed), so that no
 * caller attributes work to an id a tool could not read, or to a reserved
 * one. An absent key is no error: the layer then attributes to the owner.
 */
export const checkAttribution: Interceptor = (next) => (call) => {
  const value = metadataValue(call.metadata, "strata-application-id");
  if (value !== undefined && !isValidApplicationId(value)) {
    throw StrataError.invalidArgument("strata-application-id", APPLICATION_ID_RULE);
  }
  return next(call);
};
