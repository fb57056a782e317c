import type { ServiceMap } from "@strata/sdk/client";
import { codeName } from "../helpers/describe-error.js";
import type { LayerModule } from "../registry/layer-module.js";
import type { CleanupTracker } from "../runner/cleanup-tracker.js";
import { createEndpointScope, type CheckEnvironment, type EndpointScope } from "../runner/endpoint-scope.js";
import type { EndpointShape } from "./endpoint-shape.js";

/** What a swap scenario step gets: one endpoint's clients (typed by a layer's services `S`) and a recorder of what tools depend on. */
export interface SwapContext<S extends ServiceMap = {}> extends EndpointScope<S> {
  /** The layer whose steps run (undefined for the common steps). */
  readonly module?: LayerModule<S>;
  /** Awaits a call and records its status code under `label`; the response, or undefined when it failed. */
  call<T>(label: string, call: Promise<T>): Promise<T | undefined>;
  /** Records any other value a tool depends on (for example which fields a response fills). */
  record(subject: string, value: string): void;
}

/** One step of a swap scenario. Steps run in order against each endpoint; cleanups run after telemetry and topology are read. */
export type SwapStep<S extends ServiceMap = {}> = (s: SwapContext<S>) => Promise<void>;

export function createSwapContext(env: CheckEnvironment, shape: EndpointShape, tracker: CleanupTracker, module?: LayerModule): SwapContext {
  return {
    ...createEndpointScope(env, tracker),
    ...(module ? { module } : {}),
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
