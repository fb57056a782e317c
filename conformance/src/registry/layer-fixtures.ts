import type { core } from "@strata/sdk/contracts";
import type { Interceptor, TelemetryRecorder, TelemetryRecorderOptions, TopologyGraph } from "@strata/sdk/server";
import type { ConformanceConfigInput } from "../config.js";

/** An endpoint a test started, with the suite's config for it. */
export interface StartedEndpoint {
  readonly config: ConformanceConfigInput;
  /** Shuts the endpoint down and removes what it left on disk. */
  stop(): Promise<void>;
}

/** A vendor with one defect, and the check that must catch it. */
export interface FaultyVendor {
  /** What is wrong, for test titles ("non-idempotent-create"). */
  readonly name: string;
  /** The check that must fail: a substring of its title. */
  readonly check: string;
  /** What its failure must say: a substring, or a pattern of the whole message. */
  readonly message: string | RegExp;
  start(): Promise<StartedEndpoint>;
  /**
   * The same vendor without the defect, which must pass the check, when it
   * is not the layer's clean vendor: for a defect of declaring (a feature
   * offered but not declared), a vendor that neither declares nor offers it.
   */
  startClean?(): Promise<StartedEndpoint>;
}

/**
 * A change to an endpoint built on the SDK that any layer's vendor can take,
 * because it goes through the generic parts every layer server has (the
 * telemetry engine, the topology graph, the call pipeline, the declared
 * features). The common checks prove themselves with such defects, planted
 * in each layer's otherwise clean fixture vendor (LayerFixtures.startWithDefect);
 * a defect may also be no defect at all, only another configuration (a short
 * topology history) that a clean vendor must pass with.
 */
export interface EndpointDefect {
  /** What is wrong (or what differs), for test titles. */
  readonly name: string;
  /** Options of the telemetry engine the vendor creates (a short retained window, say). */
  readonly telemetryOptions?: Partial<Omit<TelemetryRecorderOptions, "catalogue">>;
  /** Wraps the telemetry engine: tamper with records or with Subscribe. */
  readonly telemetry?: (recorder: TelemetryRecorder) => TelemetryRecorder;
  /** Options of the topology graph the vendor creates (a short history, say). */
  readonly topologyOptions?: ConstructorParameters<typeof TopologyGraph>[0];
  /** Steps added to every service's pipeline after authentication: tamper with requests or answers of any RPC. */
  readonly interceptors?: readonly Interceptor[];
  /** The optional features the vendor declares, from those it declares without the defect. */
  readonly capabilities?: (declared: readonly core.Feature[]) => core.Feature[];
}

/**
 * What `layers/<name>/fixtures/index.ts` exports as `fixtures`: a layer's
 * faulty vendors, each proving that a check can fail, and the same vendor
 * without a defect, which must pass every one of those checks. The suite's
 * own tests find them by folder. They stay out of the built package.
 */
export interface LayerFixtures {
  startClean(): Promise<StartedEndpoint>;
  readonly faulty: readonly FaultyVendor[];
  /**
   * The clean vendor with a defect of the generic parts planted: the common
   * checks' faulty vendors (fixtures/faulty/) run on every layer that offers
   * it. Optional: a layer without it proves only its own checks.
   */
  startWithDefect?(defect: EndpointDefect): Promise<StartedEndpoint>;
}
