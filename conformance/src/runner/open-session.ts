import { connect, type ClientAuth } from "@strata/sdk/client";
import { core } from "@strata/sdk/contracts";
import { STORAGE_SERVICES } from "@strata/sdk/storage";
import type { ConformanceConfig } from "../config.js";
import type { ConformanceCheck } from "../registry/check-registry.js";
import type { CheckEnvironment } from "./endpoint-scope.js";
import type { CheckResult, EndpointSummary } from "./conformance-report.js";
import { describeError } from "../helpers/describe-error.js";
import { tenantIdOf } from "../helpers/tenant-id-of.js";
import { runCheck } from "./run-check.js";
import type { SuiteClients } from "../layers.js";

/** A connection to one endpoint that runs checks against it. */
export interface ConformanceSession {
  readonly config: ConformanceConfig;
  readonly endpoint?: EndpointSummary;
  readonly capabilities: core.GetCapabilitiesResponse;
  /** Set when GetCapabilities failed: every check then fails with it. */
  readonly setupError?: string;
  /** The operator's, tenant A's and tenant B's clients. */
  readonly env: CheckEnvironment;
  run(check: ConformanceCheck): Promise<CheckResult>;
  close(): void;
}

/**
 * Connects as tenant A, tenant B and the operator, and reads GetInfo and
 * GetCapabilities once. Never rejects: an endpoint that cannot answer shows
 * up as `setupError`, so that the report still lists every check.
 */
export async function openSession(config: ConformanceConfig): Promise<ConformanceSession> {
  const tenantA = connectWith(config, config.credentials.tenantA);
  const tenantB = connectWith(config, config.credentials.tenantB);
  const operator = connectWith(config, config.credentials.operator);
  const [info, capabilities] = await Promise.allSettled([
    operator.identity.getInfo({}),
    operator.identity.getCapabilities({}),
  ]);
  const setupError = capabilities.status === "rejected"
    ? `could not read the endpoint's capabilities: IdentityService.GetCapabilities answered ${describeError(capabilities.reason)}`
    : undefined;
  const env: CheckEnvironment = {
    config, tenantA, tenantB, operator,
    tenantIds: {
      tenantA: tenantIdOf(config.credentials.tenantA),
      tenantB: tenantIdOf(config.credentials.tenantB),
      operator: tenantIdOf(config.credentials.operator),
    },
    capabilities: capabilities.status === "fulfilled" ? capabilities.value : core.GetCapabilitiesResponse.fromPartial({}),
    connect: (auth) => connectWith(config, auth),
  };
  return {
    config,
    env,
    endpoint: info.status === "fulfilled" ? summaryOf(info.value) : undefined,
    capabilities: env.capabilities,
    setupError,
    async run(check) {
      if (!setupError) return runCheck(check, env);
      return { suite: check.suite, title: check.title, tags: [...check.tags], layer: check.layer,
        status: "fail", durationMs: 0, message: setupError, cleanupErrors: [], logs: [] };
    },
    close() {
      for (const clients of [tenantA, tenantB, operator]) clients.close();
    },
  };
}

/** Clients at the configured target; "anonymous" sends no credentials at all, not even a client certificate. */
export function connectWith(config: ConformanceConfig, auth: ClientAuth | "anonymous"): SuiteClients {
  const anonymous = auth === "anonymous";
  const tls = anonymous && config.tls
    ? { caPath: config.tls.caPath, serverNameOverride: config.tls.serverNameOverride }
    : config.tls;
  return connect(config.target, {
    services: STORAGE_SERVICES,
    tls,
    auth: anonymous ? { none: true } : auth,
    applicationId: config.applicationId,
    timeoutMs: config.timeoutMs,
  });
}

function summaryOf(info: core.GetInfoResponse): EndpointSummary {
  return { vendor: info.vendor, product: info.product, version: info.version, specVersion: info.specVersion };
}
