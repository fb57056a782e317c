import { connect, type ClientAuth } from "@strata/sdk/client";
import { core } from "@strata/sdk/contracts";
import { clientKeyPairOf, PRINCIPALS, type ConformanceConfig, type Principal } from "../config.js";
import { describeError } from "../helpers/describe-error.js";
import { tenantIdOf, tenantIdOfCertificate } from "../helpers/tenant-id-of.js";
import type { LayerModule } from "../registry/layer-module.js";
import { layerModules, servicesOf } from "../registry/layer-registry.js";
import type { PlannedCheck } from "../registry/plan-checks.js";
import type { CheckResult, EndpointSummary } from "./conformance-report.js";
import type { AnyClients, Caller, CheckEnvironment, ConnectOptions } from "./endpoint-scope.js";
import { runCheck } from "./run-check.js";

/** A connection to one endpoint that runs checks against it. */
export interface ConformanceSession {
  readonly config: ConformanceConfig;
  readonly endpoint?: EndpointSummary;
  readonly capabilities: core.GetCapabilitiesResponse;
  /** Set when GetCapabilities (or, to pick the layers, GetInfo) failed: every check then fails with it. */
  readonly setupError?: string;
  /** The layers under test: the configured one, else every module whose layer GetInfo declares. */
  readonly modules: readonly LayerModule[];
  /** Layers GetInfo declares that no module checks ("LAYER_COMPUTE"); empty when config.layer narrows the run. */
  readonly uncheckedLayers: readonly string[];
  /** The operator's, tenant A's and tenant B's clients. */
  readonly env: CheckEnvironment;
  run(check: PlannedCheck): Promise<CheckResult>;
  close(): void;
}

/**
 * Connects as tenant A, tenant B and the operator, reads GetInfo and
 * GetCapabilities once, and picks the layers under test among `modules`
 * (the registered ones by default). Never rejects: an endpoint that cannot
 * answer shows up as `setupError`, so that the report still lists every check.
 */
export async function openSession(config: ConformanceConfig, modules: readonly LayerModule[] = layerModules()): Promise<ConformanceSession> {
  const connectAs = (caller: Caller, options?: ConnectOptions) => connectWith(config, caller, modules, options);
  const tenantA = connectAs("tenantA");
  const tenantB = connectAs("tenantB");
  const operator = connectAs("operator");
  const [info, capabilities] = await Promise.allSettled([operator.identity.getInfo({}), operator.identity.getCapabilities({})]);
  const declared = info.status === "fulfilled" ? info.value.layers : [];
  const underTest = config.layer !== undefined
    ? modules.filter((m) => m.name === config.layer)
    : modules.filter((m) => declared.includes(m.layer));
  const uncheckedLayers = config.layer !== undefined ? []
    : declared.filter((layer) => layer !== core.Layer.LAYER_UNSPECIFIED && !modules.some((m) => m.layer === layer)).map(core.layerToJSON);
  const setupError = capabilities.status === "rejected"
    ? `could not read the endpoint's capabilities: IdentityService.GetCapabilities answered ${describeError(capabilities.reason)}`
    : info.status === "rejected" && config.layer === undefined
      ? `could not read the endpoint's layers: IdentityService.GetInfo answered ${describeError(info.reason)}`
      : undefined;
  const env: CheckEnvironment = {
    config, tenantA, tenantB, operator,
    tenantIds: Object.fromEntries(PRINCIPALS.map((who) => [who, tenantOfPrincipal(config, who)])),
    info: info.status === "fulfilled" ? info.value : core.GetInfoResponse.fromPartial({}),
    capabilities: capabilities.status === "fulfilled" ? capabilities.value : core.GetCapabilitiesResponse.fromPartial({}),
    modules: underTest,
    connect: connectAs,
  };
  return {
    config,
    env,
    endpoint: info.status === "fulfilled" ? summaryOf(info.value) : undefined,
    capabilities: env.capabilities,
    setupError,
    modules: underTest,
    uncheckedLayers,
    async run(check) {
      if (!setupError) return runCheck(check, env);
      return { suite: check.suite, title: check.title, tags: [...check.tags], layer: check.layer, covers: [...check.covers],
        status: "fail", durationMs: 0, message: setupError, cleanupErrors: [], logs: [] };
    },
    close() {
      for (const clients of [tenantA, tenantB, operator]) clients.close();
    },
  };
}

/**
 * Clients at the configured target for the common services and every given
 * layer's, calling as one of the run's principals (its credentials and its
 * own client certificate), with other credentials (and the shared client
 * certificate), or "anonymous": no credentials at all, not even a client certificate.
 */
export function connectWith(
  config: ConformanceConfig, caller: Caller, modules: readonly LayerModule[] = layerModules(), options: ConnectOptions = {},
): AnyClients {
  const principal = typeof caller === "string" && caller !== "anonymous" ? caller : undefined;
  const keyPair = caller === "anonymous" ? {}
    : principal ? clientKeyPairOf(config, principal) : { certPath: config.tls?.certPath, keyPath: config.tls?.keyPath };
  const tls = config.tls && withoutUndefined({ caPath: config.tls.caPath, serverNameOverride: config.tls.serverNameOverride, ...keyPair });
  const auth: ClientAuth = caller === "anonymous" ? { none: true } : principal ? config.credentials[principal] : caller as ClientAuth;
  const applicationId = options.applicationId === null ? undefined : options.applicationId ?? config.applicationId;
  return connect(config.target, {
    services: servicesOf(modules),
    tls,
    auth,
    ...(applicationId !== undefined ? { applicationId } : {}),
    timeoutMs: config.timeoutMs,
  }) as unknown as AnyClients;
}

/** The tenant a principal stands for, when the config tells it: its insecure tenant, its JWT's claim, or its client certificate. */
function tenantOfPrincipal(config: ConformanceConfig, who: Principal): string | undefined {
  const certPath = clientKeyPairOf(config, who).certPath;
  return tenantIdOf(config.credentials[who]) ?? (certPath !== undefined ? tenantIdOfCertificate(certPath) : undefined);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function summaryOf(info: core.GetInfoResponse): EndpointSummary {
  return { vendor: info.vendor, product: info.product, version: info.version, specVersion: info.specVersion };
}
