import {
  Metadata, credentials as grpcCredentials, makeGenericClientConstructor,
  type CallOptions, type ChannelCredentials, type Client, type ClientReadableStream, type ServiceError,
} from "@grpc/grpc-js";
import { readFileSync } from "node:fs";
import { IdentityServiceService } from "../gen/strata/core/v1/identity.js";
import { TelemetryServiceService } from "../gen/strata/telemetry/v1/telemetry.js";
import { TopologyServiceService } from "../gen/strata/topology/v1/topology.js";
import { StrataError } from "../errors/strata-error.js";
import type { CallContext } from "../server/call-context.js";
import type { MethodDefinition, ServiceDefinition } from "../server/service-registration.js";

/** How the client proves who it is. */
export type ClientAuth =
  | { token: string } // authorization: Bearer <token>
  | { tenant: string; roles?: string[] } // insecure development mode headers
  | { none: true }; // mTLS (identity in the certificate) or Identity-only calls

export interface ConnectOptions<S extends ServiceMap = {}> {
  /**
   * A layer's services to build clients for besides the common ones (identity,
   * telemetry, topology), keyed by the name the clients get; a layer's SDK
   * entry exports its map.
   */
  services?: S;
  /** TLS: server CA, and for mTLS the client certificate and key. Plaintext when absent. */
  tls?: { caPath?: string; certPath?: string; keyPath?: string; serverNameOverride?: string };
  auth?: ClientAuth;
  /** Sent as `strata-application-id` on every call. */
  applicationId?: string;
  /** Default deadline of unary calls, ms (default 10 000). */
  timeoutMs?: number;
}

/** Per-call options of a promise client. */
export interface CallExtras {
  /**
   * The context of the handler this call is made for, when a layer calls
   * another layer to serve a request: the call then carries `traceparent`
   * (the request's trace, this layer's span as parent; a trace is started if
   * the request carried none) and the request's `strata-application-id`
   * (the caller's, else the owner's of the resource it resolved).
   */
  context?: Pick<CallContext, "span" | "applicationId" | "dataPath">;
  /** Sent as `strata-application-id`, over the connection's and the context's. */
  applicationId?: string;
  /** Extra metadata; a key set here wins over everything above. */
  metadata?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

type Req<M> = M extends MethodDefinition<infer R, any> ? R : never;
type Res<M> = M extends MethodDefinition<any, infer R> ? R : never;

/** A client whose unary methods return promises (rejecting with StrataError) and whose streams are grpc-js streams. */
export type PromiseClient<D extends ServiceDefinition> = {
  [K in keyof D]: D[K]["responseStream"] extends true
    ? (request: Req<D[K]>, extras?: CallExtras) => ClientReadableStream<Res<D[K]>>
    : (request: Req<D[K]>, extras?: CallExtras) => Promise<Res<D[K]>>;
} & { readonly raw: Client };

/** Service definitions by the name their clients get. */
export type ServiceMap = Readonly<Record<string, ServiceDefinition>>;

/** The services every Strata endpoint serves, whatever its layer. */
export const COMMON_SERVICES = {
  identity: IdentityServiceService,
  telemetry: TelemetryServiceService,
  topology: TopologyServiceService,
} as const;

/** Typed promise clients for the common services and a layer's services `S`, at one target. */
export type StrataClients<S extends ServiceMap = {}> = {
  [K in keyof (typeof COMMON_SERVICES & S)]: PromiseClient<(typeof COMMON_SERVICES & S)[K]>
} & {
  readonly target: string;
  close(): void;
};

/**
 * Connects to a Strata endpoint ("127.0.0.1:7001", "unix:/run/strata.sock")
 * and returns a promise client per service (the common ones and the layer
 * services given), sharing one channel.
 *
 * @example
 * import { LAYER_SERVICES } from "@strata/sdk/<layer>"; // each layer entry exports its map
 * const strata = connect("127.0.0.1:7001", { auth: { token }, services: LAYER_SERVICES });
 * const info = await strata.identity.getInfo({});
 */
export function connect<S extends ServiceMap = {}>(target: string, options: ConnectOptions<S> = {}): StrataClients<S> {
  const channelCredentials = channelCredentialsFor(options.tls);
  const channelOptions = {
    ...(options.tls?.serverNameOverride ? { "grpc.ssl_target_name_override": options.tls.serverNameOverride } : {}),
    "grpc.max_receive_message_length": 64 << 20,
    "grpc.max_send_message_length": 64 << 20,
  };
  let shared: Client | undefined;
  const clients: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries({ ...COMMON_SERVICES, ...options.services })) {
    const Ctor = makeGenericClientConstructor(definition as never, name);
    const raw: Client = shared
      ? new Ctor(target, channelCredentials, { ...channelOptions, channelOverride: shared.getChannel() })
      : new Ctor(target, channelCredentials, channelOptions);
    shared ??= raw;
    clients[name] = promiseClient(definition, raw, options);
  }
  return Object.assign(clients, {
    target,
    close: () => shared?.close(),
  }) as StrataClients<S>;
}

/** Wraps one grpc-js client: promise-returning unary methods, raw streams. */
export function promiseClient<D extends ServiceDefinition>(definition: D, raw: Client, options: ConnectOptions<ServiceMap> = {}): PromiseClient<D> {
  const out: Record<string, unknown> = { raw };
  for (const [name, method] of Object.entries(definition)) {
    const fn = (raw as unknown as Record<string, Function>)[name]!.bind(raw);
    out[name] = method.responseStream
      ? (request: unknown, extras: CallExtras = {}) => cancelOnAbort(fn(request, metadataFor(options, extras), callOptions(extras, undefined)), extras.signal)
      : (request: unknown, extras: CallExtras = {}) => new Promise((resolve, reject) => {
          const signal = extras.signal;
          const cancel = () => call.cancel();
          const call = fn(request, metadataFor(options, extras), callOptions(extras, options.timeoutMs ?? 10_000),
            (error: ServiceError | null, response: unknown) => {
              signal?.removeEventListener("abort", cancel);
              if (error) reject(StrataError.fromServiceError(error));
              else resolve(response);
            });
          if (signal?.aborted) cancel();
          else signal?.addEventListener("abort", cancel, { once: true });
        });
  }
  return out as PromiseClient<D>;
}

/** Cancels a stream when the signal aborts (at once if it already did), and stops listening when the stream closes. */
function cancelOnAbort(call: ClientReadableStream<unknown>, signal: AbortSignal | undefined): ClientReadableStream<unknown> {
  if (!signal) return call;
  const cancel = () => call.cancel();
  if (signal.aborted) cancel();
  else {
    signal.addEventListener("abort", cancel, { once: true });
    call.once("close", () => signal.removeEventListener("abort", cancel));
  }
  return call;
}

/** The metadata a call carries: credentials, trace context, application, and per-call extras. */
export function metadataFor(options: ConnectOptions<ServiceMap>, extras: CallExtras = {}): Metadata {
  const metadata = new Metadata();
  const auth = options.auth;
  if (auth && "token" in auth) metadata.set("authorization", `Bearer ${auth.token}`);
  if (auth && "tenant" in auth) {
    metadata.set("strata-tenant", auth.tenant);
    if (auth.roles?.length) metadata.set("strata-roles", auth.roles.join(","));
  }
  const context = extras.context;
  if (context) metadata.set("traceparent", context.span.traceparent());
  const applicationId = extras.applicationId ?? contextApplication(context) ?? options.applicationId;
  if (applicationId) metadata.set("strata-application-id", applicationId);
  for (const [key, value] of Object.entries(extras.metadata ?? {})) metadata.set(key, value);
  return metadata;
}

/** The application a handler's request is attributed to: the caller's, else the resolved resource owner's. */
function contextApplication(context: CallExtras["context"]): string | undefined {
  if (!context) return undefined;
  return context.applicationId ?? (context.dataPath?.resolved ? context.dataPath.applicationId : undefined);
}

function callOptions(extras: CallExtras, defaultTimeoutMs: number | undefined): CallOptions {
  const timeout = extras.timeoutMs ?? defaultTimeoutMs;
  return timeout === undefined ? {} : { deadline: Date.now() + timeout };
}

function channelCredentialsFor(tls: ConnectOptions["tls"]): ChannelCredentials {
  if (!tls) return grpcCredentials.createInsecure();
  const read = (path?: string) => (path ? readFileSync(path) : null);
  return grpcCredentials.createSsl(read(tls.caPath), read(tls.keyPath), read(tls.certPath));
}
