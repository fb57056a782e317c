import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { CONFIG_DEFAULTS, ConfigError, resolveConfig, type ConformanceConfigInput } from "./config.js";

const minimal: ConformanceConfigInput = {
  target: "127.0.0.1:7001",
  credentials: { tenantA: { tenant: "a" }, tenantB: { tenant: "b" }, operator: { tenant: "ops", roles: ["operator"] } },
};

function problemWith(input: unknown, layers: string[] = ["fixture"]): { field: string; message: string } {
  try {
    resolveConfig(input as ConformanceConfigInput, layers);
  } catch (error) {
    if (error instanceof ConfigError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error("resolveConfig accepted it");
}

describe("resolveConfig()", () => {
  it("should fill every default", () => {
    expect(resolveConfig(minimal)).toEqual({ ...minimal, ...CONFIG_DEFAULTS, focus: [], skip: [] });
    expect(CONFIG_DEFAULTS).toMatchObject({ applicationId: "conformance", timeoutMs: 10_000, idempotencyRepeats: 10 });
  });

  it("should keep what the caller set", () => {
    expect(resolveConfig({ ...minimal, layer: "fixture" }, ["fixture"]).layer).toBe("fixture");
    const config = resolveConfig({ ...minimal, idempotencyRepeats: 3, focus: ["identity"], credentials: {
      tenantA: { token: "ta" }, tenantB: { token: "tb" }, operator: { token: "to" } } });
    expect(config.idempotencyRepeats).toBe(3);
    expect(config.focus).toEqual(["identity"]);
    expect(config.credentials.tenantA).toEqual({ token: "ta" });
  });

  it("should keep a module's layer options and an absent-id generator", () => {
    const absentId = (kind: string) => `00000000-0000-4000-8000-${kind.length.toString().padStart(12, "0")}`;
    const config = resolveConfig({ ...minimal, layerOptions: { fixture: { size: 4096 } }, absentId }, ["fixture"]);
    expect(config.layerOptions).toEqual({ fixture: { size: 4096 } });
    expect(config.absentId("thing")).toBe("00000000-0000-4000-8000-000000000005");
    expect(resolveConfig(minimal).absentId("thing")).toMatch(/^conformance-absent-thing-[0-9a-f]{8}$/);
  });

  it.each([
    ["target", { ...minimal, target: "" }, "target must be a non-empty string"],
    ["layer", { ...minimal, layer: "other" }, "layer must be one of fixture (got 'other')"],
    ["idempotencyRepeats", { ...minimal, idempotencyRepeats: 0 }, "idempotencyRepeats must be an integer ≥ 1 (got 0)"],
    ["timeoutMs", { ...minimal, timeoutMs: 1.5 }, "timeoutMs must be an integer ≥ 1"],
    ["latencyToleranceRatio", { ...minimal, latencyToleranceRatio: -1 }, "latencyToleranceRatio must be a number ≥ 0"],
    ["focus[1]", { ...minimal, focus: ["a", ""] }, "focus[1] must be a non-empty string"],
    ["credentials", { ...minimal, credentials: undefined }, "credentials must name tenantA, tenantB and operator"],
    ["credentials.operator", { ...minimal, credentials: { ...minimal.credentials, operator: { user: "x" } } }, "credentials.operator must be { token }"],
    ["credentials.tenantB", { ...minimal, credentials: { ...minimal.credentials, tenantB: { tenant: "a" } } }, "must be a different tenant than credentials.tenantA"],
    ["tls.caPath", { ...minimal, tls: { caPath: "/nonexistent/ca.pem" } }, "tls.caPath names a file that does not exist: /nonexistent/ca.pem"],
    ["layerOptions.other", { ...minimal, layerOptions: { other: {} } }, "layerOptions.other must be one of fixture (got 'other')"],
    ["layerOptions.fixture", { ...minimal, layerOptions: { fixture: 3 } }, "layerOptions.fixture must be an object of the module's settings"],
    ["absentId", { ...minimal, absentId: "uuid" }, "absentId must be a function (kind) => id"],
    ["tls.keyPath", { ...minimal, tls: { certPath: fileURLToPath(import.meta.url) } }, "tls.keyPath is required with the other half"],
  ])("should reject a bad %s, naming the field", (field, input, message) => {
    const problem = problemWith(input);
    expect(problem.field).toBe(field);
    expect(problem.message).toContain(message);
  });
});

describe("resolveConfig() without layer modules", () => {
  it("should say that no module is registered when a layer is named", () => {
    expect(problemWith({ ...minimal, layer: "fixture" }, [])).toEqual({ field: "layer", message: "conformance config: layer names 'fixture', but no layer module is registered" });
  });
});
