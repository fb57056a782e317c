import { topology } from "@strata/sdk/contracts";
import type { StrataClients } from "@strata/sdk/client";
import type { LayerModule } from "../registry/layer-module.js";
import type { CreateOptions, DriveOptions, TrafficDriver } from "../registry/traffic-driver.js";
import type { CheckContext, LayerCheckContext } from "../runner/check-context.js";
import type { AnyClients, Caller, ConnectOptions } from "../runner/endpoint-scope.js";
import { registerBehind } from "./behind-hub.js";
import { HUB_COMMON_COVERS } from "./hub-common-covers.js";
import { HUB_CHECKS } from "./hub-suite.js";
import { HUB_LIST_PROBES } from "./hub-list-probes.js";
import { HUB_SERVICES, hubOf } from "./hub-services.js";
import { clientsInTrace, type InTraceOptions } from "./in-trace.js";
import type { StreamRelay } from "./stream-relay.js";
import { hubLimits, undisturbed } from "./hub-traffic.js";
import { endpointsAsReported, hubCaughtUp, neighboursOf, nodeRelayed, recordRelayed, traceAsHeld } from "./relay-wait.js";

/** The name the hub module runs under: reports file its checks under `hub/…`, and `--layer hub` narrows a run to it. */
export const HUB_MODULE_NAME = "hub";

/** The layer endpoint behind the hub: clients at it as each of the run's principals. */
export interface BackingEndpoint {
  connect(caller: Caller, options?: ConnectOptions): AnyClients;
  /** The parameters of the layer's module (its layerParameters), for its driver. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** The relay the hub reaches this endpoint by, when the run has one (the checks of disturbances cut it). */
  readonly relay?: StreamRelay;
}

/** How many times the hub module makes a traced call again whose record the endpoint dropped for the hub (a SLOW_SUBSCRIBER Gap). */
const LOST_CALL_REPEATS = 2;

/** The records the hub's endpoints said, in their Gaps, were lost for the hub (ListEndpoints.dropped_records, summed). */
async function droppedUpstream(t: CheckContext): Promise<bigint> {
  const answer = await hubOf(t.operator).listEndpoints({ page: undefined }).catch(() => undefined);
  return (answer?.endpoints ?? []).reduce((sum, e) => sum + e.droppedRecords, 0n);
}

/**
 * The module that runs the common suites and the hub's own checks against a
 * hub (docs/hub.md): the checks call the hub, as the endpoint under test,
 * while the traffic driver of the layer's own module (`inner`) makes
 * resources and data-path calls on a layer endpoint behind the hub, as the
 * same principal. A traced call counts as made once the hub's log holds its
 * record, a resource as made (or deleted) once the hub's merged graph shows
 * it (or no longer does). Its services are HubService only; its lists are
 * HubService's (ListApplications, ListTransactions); it has no lookups of a
 * layer's resources, since the hub serves none of the layer's services.
 *
 * @example
 * const module = hubLayerModule(storageModule, { connect: (caller) => connectWith(backingConfig, caller, [storageModule]) });
 * await runConformance({ ...hubConfig, layer: "hub" }, { modules: [module] });
 */
export function hubLayerModule(inner: LayerModule, backing: BackingEndpoint): LayerModule & { close(): void } {
  let principals: Record<"tenantA" | "tenantB" | "operator", AnyClients> | undefined;
  const backingPrincipals = () => (principals ??= {
    tenantA: backing.connect("tenantA"), tenantB: backing.connect("tenantB"), operator: backing.connect("operator"),
  });
  /** The backing endpoint's clients for each of the hub's clients of a principal. */
  const behindClients = new WeakMap<object, AnyClients>();
  /** The hub's operator clients, to read its graph where the driver is handed clients only. */
  let hubOperator: LayerCheckContext | undefined;
  let settleNs: bigint | undefined;
  const contexts = new WeakMap<object, LayerCheckContext>();
  const backingOf = (clients: StrataClients | undefined, t?: LayerCheckContext): AnyClients => {
    const p = backingPrincipals();
    if (clients === undefined || (t && clients === t.tenantA)) return p.tenantA;
    const mapped = behindClients.get(clients);
    if (mapped) return mapped;
    if (Object.values(p).includes(clients as AnyClients)) return clients as AnyClients;
    throw new Error("the hub module's driver was given clients it cannot map to the endpoint behind the hub");
  };
  /** `t` as the layer's driver needs it: the same check, with clients of the endpoint behind the hub. */
  const behind = (t: LayerCheckContext): LayerCheckContext => {
    let context = contexts.get(t);
    if (!context) {
      const p = backingPrincipals();
      behindClients.set(t.tenantA, p.tenantA).set(t.tenantB, p.tenantB).set(t.operator, p.operator);
      hubOperator = t;
      context = {
        ...t, module: inner, tenantA: p.tenantA, tenantB: p.tenantB, operator: p.operator,
        parameters: backing.parameters ?? {},
        connect: (caller: Caller, options?: ConnectOptions) => {
          const clients = backing.connect(caller, options);
          t.track(() => clients.close(), "a client of the endpoint behind the hub");
          return clients;
        },
      } as LayerCheckContext;
      contexts.set(t, context);
      // Clients a check connects to the hub itself (without strata-application-id, say) are mapped to
      // clients of the endpoint behind it connected alike, for when the check hands them to the driver.
      const connectToHub = t.connect;
      (t as { connect: LayerCheckContext["connect"] }).connect = (caller: Caller, options?: ConnectOptions) => {
        const clients = connectToHub(caller, options);
        behindClients.set(clients, context!.connect(caller, options));
        return clients;
      };
    }
    return context;
  };
  const driver: TrafficDriver = {
    ...inner.driver,
    async create(t, options: CreateOptions = {}) {
      const resource = await inner.driver.create(behind(t), { ...options, ...(options.as ? { as: backingOf(options.as, t) } : {}) });
      if (!(await nodeRelayed(t, resource.id, true))) t.log(`the hub's graph did not show ${resource.id} within the relay wait; the hub's endpoints: ${await endpointsAsReported(t)}`);
      return resource;
    },
    async call(t, resource, options: InTraceOptions) {
      // A traced call is made once the hub has caught up with the endpoint behind it and is undisturbed: a flood the
      // hub could not keep up with leaves the endpoint dropping what it owes the hub (a SLOW_SUBSCRIBER Gap the hub
      // reports once it reads that far), and a record made then is lost to the hub, rightly, where the check expects it.
      const settle = async () => {
        if (!(await hubCaughtUp(t, backingPrincipals().operator))) t.log(`the hub had not read what the endpoint behind it logged within the relay wait; the hub's endpoints: ${await endpointsAsReported(t)}`);
        await undisturbed(t, (settleNs ??= (await hubLimits(t)).settleNs));
      };
      if (!options.untraced) await settle();
      // A call in a trace the check chose (InTraceOptions) is made with clients that send that trace's traceparent.
      const { inTrace, ...driven } = options;
      const as = inTrace ? clientsInTrace(backingOf(options.as, t), inTrace) : options.as ? backingOf(options.as, t) : undefined;
      const make = async () => {
        const made = await inner.driver.call(behind(t), resource, { ...driven, ...(as ? { as } : {}) });
        return inTrace ? { ...made, trace: inTrace } : made;
      };
      let dropped = options.untraced ? 0n : await droppedUpstream(t);
      let call = await make();
      // A call in an earlier trace finds that trace's first record here at once: the check waits for its own. A record the
      // endpoint dropped, rightly, for a hub it found slow (its Gap counted in ListEndpoints.dropped_records) never comes:
      // the call is made again, as a caller that lost its answer would, at most LOST_CALL_REPEATS times.
      for (let repeat = 0; call.trace.traceId !== "" && !(await recordRelayed(t, call.resourceId, call.trace.traceId)); repeat++) {
        const now = await droppedUpstream(t);
        const where = `${await traceAsHeld(t, call.trace.traceId)}; the hub's endpoints: ${await endpointsAsReported(t)}`;
        if (now === dropped || repeat >= LOST_CALL_REPEATS) {
          t.log(`the hub's log did not hold the record of ${call.what} (resource ${call.resourceId}, trace ${call.trace.traceId}) within the relay wait; ${where}`);
          break;
        }
        t.log(`the endpoint behind the hub dropped ${now - dropped} record(s) owed to the hub (ListEndpoints.dropped_records) while ${call.what} `
          + `was made, and its record never reached the hub; ${where}: the call is made again`);
        dropped = now;
        await settle();
        call = await make();
      }
      return call;
    },
    async delete(clients, id) {
      // A layer may remove what a deleted resource alone kept (its application's node) in a later change than the
      // resource's own: the resource's neighbours in the hub's graph must come to match the endpoint behind it too.
      const neighbours = hubOperator ? await neighboursOf(hubOperator, id) : [];
      const answer = await inner.driver.delete(backingOf(clients), id);
      if (hubOperator) {
        await nodeRelayed(hubOperator, id, false);
        const left = await backingPrincipals().operator.topology.getTopology(topology.GetTopologyRequest.fromPartial({})).catch(() => undefined);
        for (const neighbour of left ? neighbours : []) await nodeRelayed(hubOperator, neighbour, left!.nodes.some((n) => n.id === neighbour));
      }
      return answer;
    },
    conflictingCreates: (t, resource) => inner.driver.conflictingCreates(behind(t), resource),
    snapshot: (t, resource) => inner.driver.snapshot(behind(t), resource),
    ...(inner.driver.slowDown ? { slowDown: (t: LayerCheckContext, resource: Parameters<NonNullable<TrafficDriver["slowDown"]>>[1]) => inner.driver.slowDown!(behind(t), resource) } : {}),
  };
  const module = {
    ...inner,
    name: HUB_MODULE_NAME,
    services: HUB_SERVICES,
    sampleCall: { rpc: "HubService.GetHubLimits", call: (clients) => (clients as unknown as StrataClients<typeof HUB_SERVICES>).hub.getHubLimits({}) },
    checks: HUB_CHECKS,
    listProbes: HUB_LIST_PROBES,
    lookupProbes: [],
    swapSteps: [],
    commonCovers: HUB_COMMON_COVERS,
    parameters: undefined,
    driver,
    recordsLostUpstream: (t: LayerCheckContext) => droppedUpstream(t),
    close() {
      for (const clients of Object.values(principals ?? {})) clients.close();
    },
  } as LayerModule & { close(): void };
  registerBehind(module, behind, backing.relay);
  return module;
}
