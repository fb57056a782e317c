import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../config.js";
import { configFromFlags } from "./config-from-flags.js";

const ENV = { STRATA_TOKEN_A: "env-a", STRATA_TOKEN_B: "env-b", STRATA_TOKEN_OPERATOR: "env-ops" };

describe("configFromFlags()", () => {
  it("should take tokens from flags, else token files, else the environment", async () => {
    const dir = await mkdtemp(join(tmpdir(), "strata-tokens-"));
    await writeFile(join(dir, "b.jwt"), "file-b\n");
    const config = configFromFlags({ tokenA: "flag-a", tokenBFile: join(dir, "b.jwt") }, "x:1", ENV);
    expect(config.credentials).toEqual({ tenantA: { token: "flag-a" }, tenantB: { token: "file-b" }, operator: { token: "env-ops" } });
    expect(config).not.toHaveProperty("layer");
    expect(configFromFlags({ layer: "fixture" }, "x:1", ENV).layer).toBe("fixture");
  });

  it("should leave the environment's tokens out in development mode", () => {
    expect(configFromFlags({ insecureTenants: "a,b,ops" }, "x:1", ENV).credentials).toEqual({
      tenantA: { tenant: "a" }, tenantB: { tenant: "b" }, operator: { tenant: "ops", roles: ["operator"] } });
  });

  it("should refuse a token given both as a flag and as a file, naming the file flag", () => {
    const error = (() => { try { configFromFlags({ tokenA: "a", tokenAFile: "/x" }, "x:1", {}); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe("credentials.tenantA.file");
    expect((error as ConfigError).problem).toBe("takes a token file or --token-a, not both");
  });

  it("should take one client certificate per principal, which then identifies it without a token", () => {
    const config = configFromFlags({
      tlsCa: "/ca.pem", tlsCertA: "/a.pem", tlsKeyA: "/a.key", tlsCertB: "/b.pem", tlsKeyB: "/b.key", tlsCertOperator: "/o.pem", tlsKeyOperator: "/o.key",
    }, "x:1", {});
    expect(config.credentials).toEqual({ tenantA: { none: true }, tenantB: { none: true }, operator: { none: true } });
    expect(config.tls).toEqual({ caPath: "/ca.pem", principals: {
      tenantA: { certPath: "/a.pem", keyPath: "/a.key" }, tenantB: { certPath: "/b.pem", keyPath: "/b.key" }, operator: { certPath: "/o.pem", keyPath: "/o.key" } } });
  });

  it("should refuse half a principal's key pair, naming the flag it needs", () => {
    const error = (() => { try { configFromFlags({ tlsCertB: "/b.pem", insecureTenants: "a,b,c" }, "x:1", {}); } catch (e) { return e; } })();
    expect((error as ConfigError).field).toBe("tls.principals.tenantB.keyPath");
    expect((error as ConfigError).problem).toBe("is required with --tls-cert-b");
  });

  it("should map --param layer.name=value, --absent-id and --clock-tolerance", () => {
    const config = configFromFlags({ insecureTenants: "a,b,c", param: ["fixture.size=4096", "fixture.label=a=b"], absentId: "{uuid}", clockTolerance: 250 }, "x:1", {});
    expect(config).toMatchObject({ layerParameters: { fixture: { size: "4096", label: "a=b" } }, absentIdTemplate: "{uuid}", clockToleranceMs: 250 });
    expect(() => configFromFlags({ insecureTenants: "a,b,c", param: ["size=1"] }, "x:1", {})).toThrow("takes <layer>.<name>=<value> (got \"size=1\")");
  });
});
