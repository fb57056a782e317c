import type { ServerWritableStream } from "@grpc/grpc-js";
import type { CallContext } from "./call-context.js";
import type { Interceptor } from "./interceptor.js";

/** The shape of a ts-proto grpc-js service definition's method. */
export interface MethodDefinition<Req = any, Res = any> {
  readonly path: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  readonly requestSerialize: (value: Req) => Buffer;
  readonly requestDeserialize: (value: Buffer) => Req;
  readonly responseSerialize: (value: Res) => Buffer;
  readonly responseDeserialize: (value: Buffer) => Res;
}

/** A ts-proto grpc-js service definition, for example `widgets.WidgetServiceService` of a layer's contracts. */
export type ServiceDefinition = { readonly [method: string]: MethodDefinition };

/** The request type of a method definition. */
export type RequestOf<M> = M extends MethodDefinition<infer Req, any> ? Req : never;
type ResponseOf<M> = M extends MethodDefinition<any, infer Res> ? Res : never;

/** A unary handler: the request and the call's context in, the response out. */
export type UnaryHandler<Req, Res> = (request: Req, ctx: CallContext) => Promise<Res> | Res;

/** A server-streaming handler: writes to call until done, then resolves. */
export type StreamHandler<Req, Res> = (request: Req, ctx: CallContext, call: ServerWritableStream<Req, Res>) => Promise<void>;

/** The handlers a vendor writes for one service; methods left out answer UNIMPLEMENTED. */
export type ServiceImplementation<D extends ServiceDefinition> = {
  [K in keyof D]?: D[K]["responseStream"] extends true
    ? StreamHandler<RequestOf<D[K]>, ResponseOf<D[K]>>
    : UnaryHandler<RequestOf<D[K]>, ResponseOf<D[K]>>;
};

/** One service to serve: its definition, the handlers, and who may call it. */
export interface ServiceRegistration<D extends ServiceDefinition = ServiceDefinition> {
  readonly definition: D;
  readonly implementation: ServiceImplementation<D>;
  /** Serve without credentials (only the Identity service is public). */
  readonly public?: boolean;
  /** Steps of this service's pipeline, after authentication and the server's interceptors (see Interceptor). */
  readonly interceptors?: readonly Interceptor[];
  /**
   * Request fields named like ids (`*_id`) that hold free text rather than an
   * id of the standard's format (a host as the caller names it, for
   * example), by proto field name: the kit leaves them to the service, which
   * bounds them itself. Every other id field follows the id rule.
   */
  readonly freeTextFields?: readonly string[];
}

/**
 * Pairs a generated service definition with a vendor's handlers, typed.
 *
 * @example
 * defineService(widgets.WidgetServiceService, {
 *   async getWidget(request, ctx) { return { widget: await store.find(ctx.principal, request.widgetId) }; },
 * });
 */
export function defineService<D extends ServiceDefinition>(
  definition: D,
  implementation: ServiceImplementation<D>,
  options: { public?: boolean; interceptors?: readonly Interceptor[]; freeTextFields?: readonly string[] } = {},
): ServiceRegistration<D> {
  return { definition, implementation, ...options };
}

/**
 * The fully-qualified service name of a definition ("strata.<layer>.v1.<Service>"):
 * of any grpc-js style definition, generated or hand-made, whose methods carry a path.
 */
export function serviceNameOf(definition: { readonly [method: string]: { readonly path: string } }): string {
  const path = Object.values(definition)[0]?.path ?? "";
  return path.split("/")[1] ?? "";
}
