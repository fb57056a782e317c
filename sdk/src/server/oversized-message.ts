import { ServerInterceptingCall, status, type ServerInterceptor, type StatusObject } from "@grpc/grpc-js";
import { StrataError } from "../errors/strata-error.js";
import { payloadFieldOf, requestTypeOf } from "./request-checks.js";

type PartialStatus = Pick<StatusObject, "code" | "details"> & Partial<Pick<StatusObject, "metadata">>;

// grpc-js's own status for a request message over grpc.max_receive_message_length.
const RECEIVED_TOO_LARGE = /^Received message (larger than max|that decompresses to a size larger than)/;

/**
 * A request message larger than the server receives is cut off by grpc-js
 * with a bare RESOURCE_EXHAUSTED, before any handler or interceptor of ours
 * runs. This grpc-js server interceptor answers it as the kit answers any
 * payload over Limits.max_io_bytes: INVALID_ARGUMENT naming the request's
 * payload field (its bytes field; "request" when it has none), with the
 * standard details. grpc-js sends that status from inside its base call, past
 * the interceptors' responders, so the base call's sendStatus is wrapped.
 */
export function oversizedMessageInterceptor(maxIoBytes: number, maxReceiveBytes: number): ServerInterceptor {
  return (method, call) => {
    const sendStatus = call.sendStatus.bind(call);
    call.sendStatus = (sent: PartialStatus) => {
      if (sent.code !== status.RESOURCE_EXHAUSTED || !RECEIVED_TOO_LARGE.test(sent.details)) return sendStatus(sent);
      const type = requestTypeOf(method.path);
      const payload = type && payloadFieldOf(type);
      const error = payload
        ? StrataError.invalidArgument(payload.name, `must be at most ${maxIoBytes} bytes (Limits.max_io_bytes); the message was larger than the ${maxReceiveBytes} bytes this endpoint receives`)
        : StrataError.invalidArgument("request", `larger than the ${maxReceiveBytes} bytes this endpoint receives`);
      return sendStatus(error.toStatusObject() as PartialStatus);
    };
    return new ServerInterceptingCall(call);
  };
}
