import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { CONFIG_DEFAULTS, ConfigError, idFromTemplate, resolveConfig, type ConformanceConfigInput } from "./config.js";

const minimal: ConformanceConfigInput = {
  target: "127.0.0.1:7001",
  credentials: { tenantA: { tenant: "a" }, tenantB: { tenant: "b" }, operator: { tenant: "ops", roles: ["operator"] } },
};

/** The fixture layer lists two parameters; any other layer lists none. */
const parameterNames = (layer: string) => (layer === "fixture" ? ["size", "pool"] : undefined);
const thisFile = fileURLToPath(import.meta.url);

function problemWith(input: unknown, layers: string[] = ["fixture"]): { field: string; message: string } {
  try {
    resolveConfig(input as ConformanceConfigInput, layers, parameterNames);
  } catch (error) {
    if (error instanceof ConfigError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error("resolveConfig accepted it");
}

describe("resolveConfig()", () => {
  it("should fill every default", () => {
    expect(resolveConfig(minimal)).toEqual({ ...minimal, ...CONFIG_DEFAULTS, focus: [], skip: [], layerParameters: {} });
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
    ["tls.keyPath", { ...minimal, tls: { certPath: thisFile } }, "tls.keyPath is required with the other half"],
    ["tls.principals.tenantB", { ...minimal, credentials: { tenantA: { none: true }, tenantB: { none: true }, operator: { none: true } },
      tls: { principals: { tenantA: { certPath: thisFile, keyPath: thisFile }, tenantB: { certPath: thisFile, keyPath: thisFile } } } },
      "must be another client certificate than tenant A's"],
    ["tls.principals.nobody", { ...minimal, tls: { principals: { nobody: { certPath: thisFile, keyPath: thisFile } } } }, "names no principal"],
    ["tls.principals.operator.keyPath", { ...minimal, tls: { principals: { operator: { certPath: thisFile, keyPath: "/nonexistent/key" } } } },
      "names a file that does not exist: /nonexistent/key"],
    ["absentIdTemplate", { ...minimal, absentIdTemplate: "always-the-same" }, "must contain {uuid} or {hex:N}"],
    ["layerParameters.other", { ...minimal, layerParameters: { other: { size: "1" } } }, "names no layer module: one of fixture"],
    ["layerParameters.fixture.colour", { ...minimal, layerParameters: { fixture: { colour: "red" } } }, "is not a parameter of fixture: one of size, pool"],
    ["layerParameters.fixture.size", { ...minimal, layerParameters: { fixture: { size: 4096 } } }, "must be a string (got 4096)"],
  ])("should reject a bad %s, naming the field", (field, input, message) => {
    const problem = problemWith(input);
    expect(problem.field).toBe(field);
    expect(problem.message).toContain(message);
  });
});

describe("resolveConfig() with the new knobs", () => {
  it("should keep a layer's parameters, per-principal certificates and tolerances", () => {
    const config = resolveConfig({
      ...minimal, layerParameters: { fixture: { size: "4096" } }, clockToleranceMs: 200, absentIdTemplate: "{uuid}",
      tls: { principals: { tenantA: { certPath: thisFile, keyPath: thisFile } } },
    }, ["fixture"], parameterNames);
    expect(config).toMatchObject({ layerParameters: { fixture: { size: "4096" } }, clockToleranceMs: 200, absentIdTemplate: "{uuid}" });
    expect(config.tls?.principals?.tenantA).toEqual({ certPath: thisFile, keyPath: thisFile });
  });
});

describe("idFromTemplate()", () => {
  it("should make a new id each time from {hex:N} and {uuid}", () => {
    expect(idFromTemplate("absent-{hex:4}")).toMatch(/^absent-[0-9a-f]{8}$/);
    expect(idFromTemplate("{uuid}")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idFromTemplate("{uuid}")).not.toBe(idFromTemplate("{uuid}"));
  });
});

describe("resolveConfig() without layer modules", () => {
  it("should say that no module is registered when a layer is named", () => {
    expect(problemWith({ ...minimal, layer: "fixture" }, [])).toEqual({ field: "layer", message: "conformance config: layer names 'fixture', but no layer module is registered" });
  });
});
