import { codeName } from "../helpers/describe-error.js";
import type { CleanupTracker } from "../runner/cleanup-tracker.js";
import { createEndpointScope, type CheckEnvironment, type EndpointScope } from "../runner/endpoint-scope.js";
import type { EndpointShape } from "./endpoint-shape.js";

/** What a swap scenario step gets: one endpoint's clients and a recorder of what tools depend on. */
export interface SwapContext extends EndpointScope {
  /** Awaits a call and records its status code under `label`; the response, or undefined when it failed. */
  call<T>(label: string, call: Promise<T>): Promise<T | undefined>;
  /** Records any other value a tool depends on (for example which fields a response fills). */
  record(subject: string, value: string): void;
}

/** One step of a layer's swap scenario. Steps run in order against each endpoint; cleanups run after telemetry and topology are read. */
export type SwapStep = (s: SwapContext) => Promise<void>;

export function createSwapContext(env: CheckEnvironment, shape: EndpointShape, tracker: CleanupTracker): SwapContext {
  return {
    ...createEndpointScope(env, tracker),
    async call(label, call) {
      try {
        const response = await call;
        shape.set(`status ${label}`, "OK");
        return response;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        shape.set(`status ${label}`, typeof code === "number" ? codeName(code) : "no gRPC status");
        return undefined;
      }
    },
    record(subject, value) {
      shape.set(`value ${subject}`, value);
    },
  };
}
