import type { ServiceMap, StrataClients } from "@strata/sdk/client";
import type { core } from "@strata/sdk/contracts";
import type { CheckContext } from "../runner/check-context.js";
import type { SwapStep } from "../swap/swap-context.js";
import type { ConformanceCheck } from "./check-registry.js";
import type { ListProbe, LookupProbe } from "./layer-probes.js";
import type { MetricCatalogue } from "./metric-catalogue.js";
import { requirementIds } from "./requirement-id.js";
import type { TrafficDriver } from "./traffic-driver.js";

/**
 * What a layer hands the suite so that the common suites (stream semantics,
 * telemetry truth, the catalogue, pagination, tenancy, topology, idempotency)
 * run against it exactly as against every other layer, and what it adds of
 * its own. `S` is the layer's client service map, so that its checks write
 * `t.tenantA.volumes.createVolume(...)`; `R` is its resource as the driver
 * creates it.
 *
 * A layer's faulty vendors are not part of the module (they stay out of the
 * built package): `layers/<name>/fixtures/index.ts` exports them as
 * LayerFixtures, and the suite's own tests find them by folder.
 */
export interface LayerModule<S extends ServiceMap = {}, R = unknown> {
  /** The layer's folder name under layers/, also its name in config, `--layer`, reports and filters. */
  readonly name: string;
  /** The value an endpoint of the layer declares in GetInfo.layers. */
  readonly layer: core.Layer;
  /** The layer's services by client name, for connect(); reflection must list each. */
  readonly services: S;
  /** The layer's metric catalogue as the suite reads the spec (never as an SDK implements it). */
  readonly catalogue: MetricCatalogue;
  /** A cheap read-only RPC of the layer, for checks where any layer call will do. */
  readonly sampleCall: SampleCall<S>;
  /** The layer's own checks (createLayerChecks collects them). */
  readonly checks: readonly ConformanceCheck[];
  /** Makes resources and data-path traffic for the common telemetry, tenancy, topology and idempotency checks. */
  readonly driver: TrafficDriver<S, R>;
  /** Every List RPC of the layer, for the common pagination walk. */
  readonly listProbes: readonly ListProbe<S>[];
  /** Get-by-id RPCs of the layer, for the common tenancy checks. */
  readonly lookupProbes: readonly LookupProbe<S>[];
  /** The layer's part of the swap scenario, after the common steps. */
  readonly swapSteps: readonly SwapStep<S>[];
  /**
   * The layer page's requirement ids a common check proves when it runs for
   * this layer, by the check's title as registered ("{rpc}" included): the
   * common record check proves the layer's "one record per Read and Write".
   */
  readonly commonCovers?: Readonly<Record<string, readonly string[]>>;
  /**
   * The parameters the module reads from the config's layerParameters (a
   * resource's size, a pool to use), each with what it sets, for `--help`,
   * the docs and validation. Left out, the module reads none it lists, and
   * any is accepted.
   */
  readonly parameters?: Readonly<Record<string, string>>;
  /**
   * Request records the endpoint under test lost before they reached its own
   * log, as it reports them, so far: a hub's endpoints' Gaps
   * (ListEndpoints dropped_records). The standard reports those there, not in
   * a Gap of the endpoint's own stream, so a check counting the records of
   * calls made behind it excuses them. Left out: none.
   */
  recordsLostUpstream?(t: CheckContext): Promise<bigint>;
}

/** One RPC named in messages and called with the layer's clients. */
export interface SampleCall<S extends ServiceMap = {}> {
  /** "VolumeService.ListVolumes". */
  readonly rpc: string;
  call(clients: StrataClients<S>): Promise<unknown>;
}

/**
 * Checks a layer module and returns it typed for the common suites, which
 * see every layer through the same erased type.
 *
 * @example
 * export const thingsModule = defineLayerModule({ name: "things", layer: core.Layer.LAYER_X, services: THING_SERVICES, ... });
 */
export function defineLayerModule<S extends ServiceMap, R>(module: LayerModule<S, R>): LayerModule {
  if (!/^[a-z][a-z0-9-]*$/.test(module.name)) throw new TypeError(`defineLayerModule: name "${module.name}" must be a lower-case folder name`);
  const foreign = module.checks.find((c) => c.layer !== module.name);
  if (foreign) throw new TypeError(`defineLayerModule: check "${foreign.title}" of ${module.name} is registered for layer ${foreign.layer}`);
  for (const [title, ids] of Object.entries(module.commonCovers ?? {})) requirementIds(ids, `defineLayerModule: ${module.name}'s commonCovers of "${title}"`);
  return module as unknown as LayerModule;
}
