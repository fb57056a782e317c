import { createLayerChecks, type LayerChecks } from "../registry/check-registry.js";
import type { HUB_SERVICES } from "./hub-services.js";

const registry = createLayerChecks<typeof HUB_SERVICES>("hub");

/** The file under hub/ that registers a check, as its suite: `…/hub/hub-relay.ts` → "hub/hub-relay". */
function hubSuiteOfCaller(): string | undefined {
  const match = /[\\/]hub[\\/](hub-[\w-]+)\.[cm]?[jt]s[?:]/.exec((new Error().stack ?? "").split("\n").filter((line) => !line.includes("hub-checks.")).join("\n"));
  return match ? `hub/${match[1]}` : undefined;
}

/** Registers one of the hub's own checks (docs/hub.md), run through the hub module as a layer named "hub". */
export const check: LayerChecks<typeof HUB_SERVICES>["check"] = (title, options, fn) =>
  registry.check(title, { suite: hubSuiteOfCaller(), ...options }, fn);

/** Every hub check, in registration order. */
export const HUB_CHECKS = registry.checks;
