/**
 * @strata/sdk/server: the adapter kit for layer vendors. A vendor writes its
 * layer's logic as handlers; the kit serves Identity, Telemetry, Topology,
 * health and reflection, authenticates callers, checks input and maps errors.
 * It names no layer: each layer's kit is its own entry (@strata/sdk/<layer>).
 */
export { createLayerServer } from "./server/create-layer-server.js";
export { defineService, serviceNameOf } from "./server/service-registration.js";
export { SPEC_VERSION } from "./server/identity-service.js";
export { StrataError, isStrataError, ERROR_DOMAIN } from "./errors/strata-error.js";
export { OPERATOR_ROLE, isOperator, canAccessTenant, resolveNamedTenant, resolveTenantFilter } from "./auth/principal.js";
export { TopologyGraph } from "./topology/topology-graph.js";
export { createTelemetryRecorder, ExponentialHistogram, DataPathRecord, UNATTRIBUTED } from "./telemetry/index.js";
export { parseTraceparent, CallSpan } from "./server/call-span.js";
export { dataPathInterceptor } from "./server/data-path-interceptor.js";
export { composeInterceptors } from "./server/interceptor.js";
export { isDecoded } from "./server/check-request.js";
export { isValidId, isValidApplicationId, RESERVED_ID_PREFIX } from "./server/id-rules.js";
export { paginate } from "./server/paginate.js";
export { validate, Violations } from "./server/validate.js";
export { createMutex } from "./server/create-mutex.js";
export { newId } from "./server/new-id.js";
export { OwnerNodes, topologyIds } from "./topology/owner-nodes.js";
export { checkPolicyTarget, namedPolicyTenant, policyTargetOwner } from "./server/policy-target.js";
export { layerKitBase, layerKitLimits, serveLayerKit } from "./server/serve-layer-kit.js";
export { createKeyedMutex } from "./server/create-keyed-mutex.js";
export { sameLabels } from "./server/same-labels.js";

export type { LayerServer, LayerServerOptions, AuthOptions } from "./server/create-layer-server.js";
export type {
  ServiceRegistration, ServiceImplementation, ServiceDefinition, UnaryHandler, StreamHandler,
} from "./server/service-registration.js";
export type { EndpointInfo } from "./server/identity-service.js";
export type { TlsFiles } from "./server/listen-address.js";
export type { CallContext } from "./server/call-context.js";
export type { TraceContext } from "./server/call-span.js";
export type { Interceptor, CallHandler, ServerCall } from "./server/interceptor.js";
export type { DataPathMethod } from "./server/data-path-interceptor.js";
export type { FieldViolation, StrataErrorOptions } from "./errors/strata-error.js";
export type { Principal } from "./auth/principal.js";
export type { JwtOptions } from "./auth/jwt-authenticator.js";
export type { Authenticator, CallCredentials } from "./auth/authenticator.js";
export type { NodeInput, TenantScope, GraphView } from "./topology/topology-graph.js";
export type { Page, PageOptions } from "./server/paginate.js";
export type { Readiness } from "./server/readiness-health.js";
export type { PolicyTarget } from "./server/policy-target.js";
export type { LayerKitOptions, LayerKitBase, LayerKitParts, LayerKitLimits } from "./server/serve-layer-kit.js";
export type {
  TelemetryRecorder, TelemetryRecorderOptions, RequestInput, GaugeProvider, GaugeValue, MetricDefinition, LayerCatalogue,
  DataPathOwner,
} from "./telemetry/index.js";
