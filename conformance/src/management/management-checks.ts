import { createLayerChecks, type LayerChecks } from "../registry/check-registry.js";

/** The name the management module runs under: reports file its checks under `management/…`. */
export const MANAGEMENT_MODULE_NAME = "management";

const registry = createLayerChecks<{}>(MANAGEMENT_MODULE_NAME);

/** The file under management/ that registers a check, as its suite: `…/management/management-tenancy.ts` → "management/management-tenancy". */
function managementSuiteOfCaller(): string | undefined {
  const stack = (new Error().stack ?? "").split("\n").filter((line) => !line.includes("management-checks.")).join("\n");
  const match = /[\\/]management[\\/](management-[\w-]+)\.[cm]?[jt]s[?:]/.exec(stack);
  return match ? `management/${match[1]}` : undefined;
}

/** Registers one of the management endpoint's checks (docs/management.md, docs/assurance.md); they reach its services through managementOf(t.tenantA). */
export const check: LayerChecks<{}>["check"] = (title, options, fn) =>
  registry.check(title, { suite: managementSuiteOfCaller(), ...options }, fn);

/** Every management check, in registration order. */
export const MANAGEMENT_CHECKS = registry.checks;
