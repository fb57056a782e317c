import { Server } from "@grpc/grpc-js";
import { loadFileDescriptorSetFromBuffer } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import type { Authenticator } from "../auth/authenticator.js";
import { createInsecureHeaderAuthenticator } from "../auth/insecure-header-authenticator.js";
import { createJwtAuthenticator, type JwtOptions } from "../auth/jwt-authenticator.js";
import { createMtlsAuthenticator } from "../auth/mtls-authenticator.js";
import { readDescriptorSet } from "../contracts/descriptor-set.js";
import { Feature, type Limits } from "../gen/strata/core/v1/identity.js";
import { createTelemetryRecorder, type LayerCatalogue, type TelemetryRecorder } from "../telemetry/index.js";
import { createTopologyService } from "../topology/topology-service.js";
import { TopologyGraph } from "../topology/topology-graph.js";
import { adaptService } from "./adapt-service.js";
import type { Interceptor } from "./interceptor.js";
import { createIdentityService, type EndpointInfo } from "./identity-service.js";
import { boundAddress, normaliseAddress, serverCredentials, type TlsFiles } from "./listen-address.js";
import { createArrivalClock } from "./arrival-clock.js";
import { oversizedMessageInterceptor } from "./oversized-message.js";
import { createPageTokens } from "./page-tokens.js";
import { serveReadinessHealth, type Readiness } from "./readiness-health.js";
import { serviceNameOf, type ServiceRegistration } from "./service-registration.js";

/** How callers prove who they are. At least one must be configured. */
export interface AuthOptions {
  /** Accept `authorization: Bearer <jwt>`. */
  jwt?: JwtOptions;
  /** Accept mTLS client certificates (listen with TlsFiles.clientCaPath). */
  mtls?: boolean;
  /** DEVELOPMENT ONLY: trust `strata-tenant` metadata. Never in production. */
  insecureDevelopmentMode?: boolean;
  /** The vendor's own authenticators (an OAuth token introspection, say), tried after the built-in ones. */
  authenticators?: readonly Authenticator[];
}

export interface LayerServerOptions {
  info: EndpointInfo;
  /** Optional features this endpoint offers (declared, never guessed). */
  capabilities?: readonly Feature[];
  /**
   * The layer's own limits (the telemetry engine and the topology graph give
   * the rest of Limits): page size (default 100 items), I/O size (default
   * 1 MiB), resources one tenant may hold (default 0: none declared),
   * Limits.max_luns_per_host (default 0: none declared).
   */
  limits?: { maxPageSize?: number; maxIoBytes?: number; maxResourcesPerTenant?: number; maxLunsPerHost?: number };
  /** The layer's own services. */
  services: readonly ServiceRegistration<any>[];
  /**
   * Steps every service's pipeline runs after authentication (a layer kit's
   * dataPathInterceptor, for example); see Interceptor.
   */
  interceptors?: readonly Interceptor[];
  auth: AuthOptions;
  /** The standard catalogue of the layer served: the telemetry engine samples by it. */
  catalogue: LayerCatalogue;
  /** Telemetry engine; one is created over the catalogue if omitted. */
  telemetry?: TelemetryRecorder;
  /** Topology graph; a new one if omitted. */
  topology?: TopologyGraph;
  /** Readiness for IdentityService.Probe and the health service's statuses; default ready. */
  probe?: () => Readiness;
  /**
   * The HMAC key page tokens are signed with; random per process by default,
   * so tokens do not outlive the process. Give the replicas of one endpoint
   * the same key for tokens to work on each of them.
   */
  pageTokenKey?: Uint8Array;
  /** Called for every handler error that became INTERNAL; default logs to stderr. */
  onInternalError?: (error: unknown, method: string) => void;
}

/** A running (or ready to listen) Strata endpoint. */
export interface LayerServer {
  readonly grpcServer: Server;
  readonly telemetry: TelemetryRecorder;
  readonly topology: TopologyGraph;
  readonly limits: Limits;
  /** Binds an address ("127.0.0.1:0", "unix:/run/x.sock"); resolves to the address clients dial. */
  listen(address: string, tls?: TlsFiles): Promise<string>;
  /**
   * Stops accepting calls, ends the kit's streams (Subscribe, WatchTopology,
   * health Watch) with OK and resolves as soon as the running calls are done,
   * forcing what still runs after graceMs.
   */
  shutdown(graceMs?: number): Promise<void>;
}

/**
 * Serves a layer: Identity, Telemetry and Topology for free, the vendor's own
 * services, the standard health service and server reflection, all on one
 * grpc-js server, each call through one pipeline of interceptors:
 * authentication, the layer's steps, input checks and error mapping.
 */
export function createLayerServer(options: LayerServerOptions): LayerServer {
  const authenticators = authenticatorsFor(options.auth);
  const telemetry = options.telemetry ?? createTelemetryRecorder({ catalogue: options.catalogue });
  const topology = options.topology ?? new TopologyGraph();
  const capabilities = options.capabilities ?? [];
  const maxIoBytes = options.limits?.maxIoBytes ?? 1 << 20;
  // Every field named, so that a field added to Limits fails to compile until the kit fills it.
  const limits: Limits = {
    maxPageSize: options.limits?.maxPageSize ?? 100,
    maxIoBytes: BigInt(maxIoBytes),
    maxResourcesPerTenant: BigInt(options.limits?.maxResourcesPerTenant ?? 0),
    maxLunsPerHost: options.limits?.maxLunsPerHost ?? 0,
    topologyRetainedChanges: BigInt(topology.retainedChanges),
    ...telemetry.limits(),
  };
  // A payload up to max_io_bytes with room for the rest of the request; a larger message is
  // answered INVALID_ARGUMENT naming the payload field (oversizedMessageInterceptor).
  const maxMessageBytes = Math.max(4 << 20, maxIoBytes + (1 << 20));
  const arrival = createArrivalClock(() => telemetry.now());
  const server = new Server({
    "grpc.max_receive_message_length": maxMessageBytes,
    "grpc.max_send_message_length": Math.max(4 << 20, maxIoBytes * 4 + (1 << 20)),
    // The oversized-message interceptor wraps the base call, so it comes first: the arrival is noted one step later, in the same turn.
    interceptors: [oversizedMessageInterceptor(maxIoBytes, maxMessageBytes), arrival.interceptor],
  });
  const onInternalError = options.onInternalError
    ?? ((error: unknown, method: string) => console.error(`strata: ${method} failed with an internal error`, error));
  const pageTokens = createPageTokens(options.pageTokenKey);
  const topologyService = createTopologyService(topology, { history: capabilities.includes(Feature.FEATURE_TOPOLOGY_HISTORY) });
  const registrations: ServiceRegistration<any>[] = [
    createIdentityService({ info: options.info, capabilities, limits: () => limits, probe: () => health.refresh() }),
    telemetry.service(),
    topologyService,
    ...options.services,
  ];
  for (const registration of registrations) {
    const { definition, implementation } = adaptService(registration, {
      authenticators, onInternalError, telemetry, interceptors: options.interceptors, pageTokens, limits, arrivedAt: arrival.arrivedAt,
    });
    server.addService(definition as never, implementation);
  }

  const serviceNames = registrations.map((r) => serviceNameOf(r.definition));
  const health = serveReadinessHealth(server, serviceNames, options.probe, (error) => onInternalError(error, "probe"));
  new ReflectionService(loadFileDescriptorSetFromBuffer(readDescriptorSet()), { services: serviceNames }).addToServer(server);

  return {
    grpcServer: server,
    telemetry,
    topology,
    limits,
    listen(address, tls) {
      const normalised = normaliseAddress(address);
      return new Promise((resolve, reject) => {
        server.bindAsync(normalised, serverCredentials(tls), (error, port) =>
          error ? reject(new Error(`listen ${address}: ${error.message}`, { cause: error })) : resolve(boundAddress(normalised, port)));
      });
    },
    async shutdown(graceMs = 2000) {
      health.close();
      telemetry.close();
      topologyService.close();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => { server.forceShutdown(); resolve(); }, graceMs);
        server.tryShutdown(() => { clearTimeout(force); resolve(); });
      });
    },
  };
}

function authenticatorsFor(auth: AuthOptions): Authenticator[] {
  const list: Authenticator[] = [];
  if (auth.jwt) list.push(createJwtAuthenticator(auth.jwt));
  if (auth.mtls) list.push(createMtlsAuthenticator());
  if (auth.insecureDevelopmentMode) list.push(createInsecureHeaderAuthenticator());
  list.push(...(auth.authenticators ?? []));
  if (list.length === 0) throw new TypeError("createLayerServer: auth needs at least one of jwt, mtls, insecureDevelopmentMode, authenticators");
  return list;
}
