/**
 * @strata/conformance: the Strata conformance suite as a library. The CLI
 * (strata-conformance) maps flags onto ConformanceConfig and calls these.
 * Importing it registers every layer module the suite ships (layers/index.ts).
 */
export { LAYER_MODULES } from "./layers/index.js";
export { runConformance, allChecks } from "./runner/run-conformance.js";
export { runSwap } from "./swap/run-swap.js";
export { defineConformanceSuite } from "./embed/define-conformance-suite.js";
export { resolveConfig, ConfigError, CONFIG_DEFAULTS } from "./config.js";
export { check, checkEachLayer, checkEachProbe, createLayerChecks, createRegistry, defaultRegistry } from "./registry/check-registry.js";
export { defineLayerModule } from "./registry/layer-module.js";
export { registerLayerModules, layerModules } from "./registry/layer-registry.js";
export { planChecks } from "./registry/plan-checks.js";
export { selectChecks, matchesFilter } from "./registry/select-checks.js";
export { createHumanReporter, formatResult, formatSummary } from "./reporters/human-reporter.js";
export { formatJunitXml } from "./reporters/junit-report.js";
export { formatJson } from "./reporters/json-report.js";
export { formatSwapReport } from "./swap/format-swap-report.js";
export { CheckFailure, CheckSkip, CheckWarning } from "./runner/check-errors.js";
export { collectStream } from "./helpers/collect-stream.js";
export { tenantIdOf } from "./helpers/tenant-id-of.js";
export { codeName, describeError, featureName } from "./helpers/describe-error.js";
export { serviceName } from "./helpers/service-name.js";
export { qualifiedSuite } from "./runner/conformance-report.js";
export { HUB_CHECKS, HUB_COMMON_SUITES, HUB_MODULE_NAME, HUB_SERVICES, behindHub, createStreamRelay, hubLayerModule, hubModuleOutline, planHubChecks, runHubConformance } from "./hub/index.js";
export { connectWith } from "./runner/open-session.js";
export { MANAGEMENT_CHECKS, MANAGEMENT_MODULE_NAME, MANAGEMENT_SERVICES, managementModule, planManagementChecks, runManagementConformance } from "./management/index.js";

export type { ClientKeyPair, ConformanceConfig, ConformanceConfigInput, ConformanceCredentials, Principal, TlsConfig } from "./config.js";
export type { ServiceDefinitionLike } from "./helpers/service-name.js";
export type { CheckFn, CheckOptions, CheckRegistry, ConformanceCheck, LayerChecks, ProbeItem } from "./registry/check-registry.js";
export type { LayerModule, SampleCall } from "./registry/layer-module.js";
export type { TrafficDriver, DrivenResource, DrivenCall, DriveOptions, CreateOptions, ConflictingCreate, NodeExpectation } from "./registry/traffic-driver.js";
export type { ListProbe, LookupProbe, ListPopulation, ListedPage } from "./registry/layer-probes.js";
export type { CatalogueRow, MetricCatalogue, MetricKind, MetricTally } from "./registry/metric-catalogue.js";
export type { PlannedCheck } from "./registry/plan-checks.js";
export type { CheckSelection } from "./registry/select-checks.js";
export type { CheckContext, LayerCheckContext } from "./runner/check-context.js";
export type { BackingEndpoint, HubRunInput, StreamRelay } from "./hub/index.js";
export type { HubUnderManagement, ManagementModule, ManagementRunInput } from "./management/index.js";
export type { Caller, CheckEnvironment, ConnectOptions, EndpointScope } from "./runner/endpoint-scope.js";
export type { RunOptions } from "./runner/run-conformance.js";
export type {
  CheckResult, CheckStatus, ConformanceReport, ConformanceSummary, EndpointSummary,
} from "./runner/conformance-report.js";
export type { HumanReporter, ReporterOutput } from "./reporters/human-reporter.js";
export type { TestApi } from "./embed/define-conformance-suite.js";
export type { SwapReport, SwapSide, SwapOptions } from "./swap/run-swap.js";
export type { SwapRow } from "./swap/compare-shapes.js";
export type { SwapContext, SwapStep } from "./swap/swap-context.js";
export type { CollectOptions } from "./helpers/collect-stream.js";
export type { TraceContext } from "./helpers/trace-context.js";
