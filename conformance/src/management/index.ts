// The management endpoint's part of the suite (docs/management.md, docs/conformance.md): its module, its checks and its run.
export { MANAGEMENT_MODULE_NAME } from "./management-checks.js";
export { managementModule } from "./management-module.js";
export { MANAGEMENT_SERVICES } from "./management-services.js";
export { MANAGEMENT_CHECKS } from "./management-suite.js";
export { MANAGEMENT_CHECK_TIMEOUT_MS, planManagementChecks, runManagementConformance } from "./run-management-conformance.js";
export type { HubUnderManagement, ManagementModule } from "./management-module.js";
export type { ManagementRunInput } from "./run-management-conformance.js";
