import { StrataError } from "../errors/strata-error.js";
import type { Interceptor } from "./interceptor.js";

/**
 * The pipeline's outermost step: a StrataError goes to the caller as it is;
 * anything else thrown is a vendor bug, reported to onInternalError and
 * answered INTERNAL, and the server keeps serving.
 */
export function mapErrors(onInternalError: (error: unknown, method: string) => void): Interceptor {
  return (next) => async (call) => {
    try {
      return await next(call);
    } catch (error) {
      if (error instanceof StrataError) throw error;
      onInternalError(error, call.method);
      throw StrataError.internal(error);
    }
  };
}
