import type { StrataClients } from "@strata/sdk/client";
import { telemetry } from "@strata/sdk/contracts";
import { pause } from "../helpers/pause.js";
import type { LayerModule } from "../registry/layer-module.js";
import type { DriveOptions, CreateOptions, TrafficDriver } from "../registry/traffic-driver.js";
import type { LayerCheckContext } from "../runner/check-context.js";
import type { AnyClients, Caller, ConnectOptions } from "../runner/endpoint-scope.js";

/** How long a record may take to travel from the endpoint behind the hub into the hub's log, ms. */
const RELAY_WAIT_MS = 2000;

/**
 * Waits until the hub's log holds the record of a traced call: a call
 * answered by the endpoint behind the hub reaches the hub's log only once the
 * hub received it, and the checks expect a call's record to be logged when
 * the call is answered.
 */
async function relayed(t: LayerCheckContext, resourceId: string, traceId: string): Promise<void> {
  const deadline = Date.now() + RELAY_WAIT_MS;
  while (Date.now() < deadline && !t.signal.aborted) {
    const stream = t.operator.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({
      mode: telemetry.Mode.MODE_ONCE, selector: { resourceIds: [resourceId], includeRecords: true, excludeSamples: true },
    }));
    let found = false;
    stream.on("data", (m: telemetry.SubscribeResponse) => {
      found ||= (m.batch?.records ?? []).some((r) => Buffer.from(r.traceId).toString("hex") === traceId);
    });
    await new Promise<void>((resolve) => { stream.on("end", resolve); stream.on("error", () => resolve()); });
    if (found) return;
    await pause(10, t.signal).catch(() => undefined);
  }
}

/** The layer endpoint behind the hub: clients at it as each of the run's principals. */
export interface BackingEndpoint {
  connect(caller: Caller, options?: ConnectOptions): AnyClients;
}

/**
 * A layer module for running the common telemetry checks against a hub
 * (docs/hub.md, "The merged stream"): the checks subscribe to the hub, as
 * the endpoint under test, while the traffic driver of the layer's own module
 * makes resources and data-path calls on a layer endpoint behind the hub, as
 * the same principal. It has no checks, list or lookup probes of its own:
 * the hub serves none of the layer's services.
 *
 * @example
 * const module = hubLayerModule(storageModule, { connect: (caller) => connectWith(backingConfig, caller, [storageModule]) });
 * await runConformance(hubConfig, { modules: [module], checks: streamChecks });
 */
export function hubLayerModule(inner: LayerModule, backing: BackingEndpoint): LayerModule {
  const principals = { tenantA: backing.connect("tenantA"), tenantB: backing.connect("tenantB"), operator: backing.connect("operator") };
  const contexts = new WeakMap<object, LayerCheckContext>();
  /** The backing endpoint's clients for the hub's clients of the same principal. */
  const backingOf = (t: LayerCheckContext, clients: StrataClients | undefined) => {
    if (clients === undefined || clients === t.tenantA) return principals.tenantA;
    if (clients === t.tenantB) return principals.tenantB;
    if (clients === t.operator) return principals.operator;
    throw new Error("the hub module's driver was given clients it cannot map to the endpoint behind the hub");
  };
  /** `t` as the layer's driver needs it: the same check, with clients of the endpoint behind the hub. */
  const behind = (t: LayerCheckContext): LayerCheckContext => {
    let context = contexts.get(t);
    if (!context) {
      context = {
        ...t, module: inner, tenantA: principals.tenantA, tenantB: principals.tenantB, operator: principals.operator,
        connect: (caller: Caller, options?: ConnectOptions) => {
          const clients = backing.connect(caller, options);
          t.track(() => clients.close(), "a client of the endpoint behind the hub");
          return clients;
        },
      } as LayerCheckContext;
      contexts.set(t, context);
    }
    return context;
  };
  const driver: TrafficDriver = {
    ...inner.driver,
    create: (t, options: CreateOptions = {}) =>
      inner.driver.create(behind(t), { ...options, ...(options.as ? { as: backingOf(t, options.as) } : {}) }),
    async call(t, resource, options: DriveOptions) {
      const call = await inner.driver.call(behind(t), resource, { ...options, ...(options.as ? { as: backingOf(t, options.as) } : {}) });
      if (call.trace.traceId !== "") await relayed(t, call.resourceId, call.trace.traceId);
      return call;
    },
    delete: (clients, id) => inner.driver.delete(clients, id),
    conflictingCreates: (t, resource) => inner.driver.conflictingCreates(behind(t), resource),
    snapshot: (t, resource) => inner.driver.snapshot(behind(t), resource),
    ...(inner.driver.slowDown ? { slowDown: (t: LayerCheckContext, resource: Parameters<NonNullable<TrafficDriver["slowDown"]>>[1]) => inner.driver.slowDown!(behind(t), resource) } : {}),
  };
  return {
    ...inner,
    checks: [],
    listProbes: [],
    lookupProbes: [],
    swapSteps: [],
    driver,
    close() {
      for (const clients of Object.values(principals)) clients.close();
    },
  } as LayerModule & { close(): void };
}
