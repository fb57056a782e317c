import { ServerInterceptingCall, type Metadata, type ServerInterceptor } from "@grpc/grpc-js";

/** When each call arrived, as a grpc-js server interceptor sees it, for the pipeline to time the call from. */
export interface ArrivalClock {
  /** The grpc-js server interceptor noting each call's arrival. */
  readonly interceptor: ServerInterceptor;
  /** When the call carrying `metadata` arrived, UNIX epoch ns; undefined for a call the interceptor did not see. */
  arrivedAt(metadata: Metadata): bigint | undefined;
}

/**
 * Notes, on the telemetry clock `now`, when each call's headers reached the
 * server: grpc-js hands a call to its handler only once its message has
 * arrived and been decoded, and after the handlers of the calls read before
 * it in the same turn, which is waiting inside the endpoint that a request
 * record's duration includes (docs/telemetry.md, TEL-REC-3). The time is
 * keyed by the call's Metadata, the object grpc-js passes on to the handler.
 */
export function createArrivalClock(now: () => bigint): ArrivalClock {
  const arrivals = new WeakMap<Metadata, bigint>();
  return {
    interceptor: (_method, call) => {
      const arrived = now();
      return new ServerInterceptingCall(call, {
        start: (next) => next({
          onReceiveMetadata: (metadata, passOn) => {
            arrivals.set(metadata, arrived);
            passOn(metadata);
          },
        }),
      });
    },
    arrivedAt: (metadata) => arrivals.get(metadata),
  };
}
