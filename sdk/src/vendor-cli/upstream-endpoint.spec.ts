import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureVendor } from "./fixtures/fixture-vendor.js";
import { upstreamEndpointOf, upstreamEndpointOptions, type UpstreamEndpointSpec } from "./upstream-endpoint.js";
import { parseVendorArgs } from "./vendor-settings.js";

const dir = mkdtempSync(join(tmpdir(), "strata-upstream-"));
const tokenFile = join(dir, "token");
writeFileSync(tokenFile, "tok-123\n", { mode: 0o600 });
const emptyFile = join(dir, "empty");
writeFileSync(emptyFile, "\n");

const SPEC: UpstreamEndpointSpec = { name: "widget-layer", what: "the widget endpoint", developmentCaller: "strata-test" };
const command = { ...fixtureVendor, options: [...(fixtureVendor.options ?? []), ...upstreamEndpointOptions(SPEC)] };
const flagsOf = (args: string[]) => parseVendorArgs(command, ["node", "fixture-vendor", "--insecure-dev", ...args]).flags;

describe("upstreamEndpointOf()", () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("should name no endpoint when its address flag is not given", () => {
    expect(upstreamEndpointOf(flagsOf([]), SPEC)).toBeUndefined();
  });

  it("should give the address with a token, a CA, or the development-mode operator headers", () => {
    expect(upstreamEndpointOf(flagsOf(["--widget-layer-endpoint", "127.0.0.1:9"]), SPEC)).toEqual({ target: "127.0.0.1:9" });
    expect(upstreamEndpointOf(flagsOf(["--widget-layer-endpoint", "unix:/x.sock", "--widget-layer-token-file", tokenFile, "--widget-layer-tls-ca", "/ca.pem"]), SPEC))
      .toEqual({ target: "unix:/x.sock", auth: { token: "tok-123" }, tls: { caPath: "/ca.pem" } });
    expect(upstreamEndpointOf(flagsOf(["--widget-layer-endpoint", "h:1", "--widget-layer-insecure-operator"]), SPEC))
      .toEqual({ target: "h:1", auth: { tenant: "strata-test", roles: ["operator"] } });
  });

  it("should refuse credentials without an address, two kinds of credentials, and an empty token", () => {
    expect(() => upstreamEndpointOf(flagsOf(["--widget-layer-insecure-operator"]), SPEC)).toThrow(/without --widget-layer-endpoint/);
    expect(() => upstreamEndpointOf(flagsOf(["--widget-layer-endpoint", "h:1", "--widget-layer-insecure-operator", "--widget-layer-token-file", tokenFile]), SPEC))
      .toThrow(/once/);
    expect(() => upstreamEndpointOf(flagsOf(["--widget-layer-endpoint", "h:1", "--widget-layer-token-file", emptyFile]), SPEC)).toThrow(/empty token/);
  });
});
