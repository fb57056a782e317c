import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixtureVendor } from "./fixtures/fixture-vendor.js";
import { JWT_SECRET_ENV, parseVendorArgs, VendorCliError } from "./vendor-settings.js";

const dir = mkdtempSync(join(tmpdir(), "strata-vendor-cli-"));
const secretFile = join(dir, "jwt.secret");
writeFileSync(secretFile, "s3cret-from-file\n", { mode: 0o600 });
const emptyFile = join(dir, "empty.secret");
writeFileSync(emptyFile, "\n");
const jwksFile = join(dir, "jwks.json");
writeFileSync(jwksFile, JSON.stringify({ keys: [] }));

const parse = (args: string[], env: NodeJS.ProcessEnv = {}) => parseVendorArgs(fixtureVendor, ["node", "fixture-vendor", ...args], env);

/** The error a command line fails with. */
function refusal(args: string[], env: NodeJS.ProcessEnv = {}): VendorCliError {
  try {
    parse(args, env);
  } catch (error) {
    if (error instanceof VendorCliError) return error;
    throw error;
  }
  throw new Error(`accepted: ${args.join(" ")}`);
}

describe("parseVendorArgs()", () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("should listen on 127.0.0.1:7001 by default, and on every --listen given, TCP and unix alike", () => {
    expect(parse(["--insecure-dev"]).listen).toEqual(["127.0.0.1:7001"]);
    expect(parse(["--insecure-dev", "--listen", "0.0.0.0:7001", "--listen", "unix:/run/x.sock", "/run/y.sock"]).listen)
      .toEqual(["0.0.0.0:7001", "unix:/run/x.sock", "/run/y.sock"]);
  });

  it("should read the JWT secret from a file or from the environment, never from the command line", () => {
    expect(parse(["--jwt-secret-file", secretFile]).auth).toEqual({
      jwt: {
        secret: "s3cret-from-file", jwks: undefined, jwksUrl: undefined, issuer: undefined, audience: undefined,
        algorithms: undefined, requireExpiry: true,
      },
      mtls: false, insecureDevelopmentMode: false,
    });
    expect(parse(["--jwt-issuer", "idp", "--jwt-audience", "strata"], { [JWT_SECRET_ENV]: "from-env" }).auth.jwt)
      .toMatchObject({ secret: "from-env", issuer: "idp", audience: "strata" });
    const argv = refusal(["--jwt-secret", "visible-in-ps"]);
    expect(argv.exitCode).toBe(1);
    expect(argv.message).toContain("--jwt-secret-file");
    expect(argv.message).not.toContain("visible-in-ps");
  });

  it("should take the accepted JWT algorithms, and accept tokens without exp only when told", () => {
    expect(parse(["--jwt-secret-file", secretFile, "--jwt-algorithms", "HS384", "HS512"]).auth.jwt)
      .toMatchObject({ algorithms: ["HS384", "HS512"], requireExpiry: true });
    expect(parse(["--jwt-secret-file", secretFile, "--jwt-allow-no-exp"]).auth.jwt).toMatchObject({ requireExpiry: false });
  });

  it("should take JWKS from a file or a URL", () => {
    expect(parse(["--jwt-jwks", jwksFile]).auth.jwt).toMatchObject({ jwks: { keys: [] }, secret: undefined });
    expect(parse(["--jwt-jwks-url", "https://idp.example/jwks.json"]).auth.jwt).toMatchObject({ jwksUrl: "https://idp.example/jwks.json" });
  });

  it.each<[string, string[], NodeJS.ProcessEnv, RegExp]>([
    ["no way to authenticate", [], {}, /no way to authenticate callers/],
    ["a certificate without its key", ["--insecure-dev", "--tls-cert", "c.pem"], {}, /--tls-cert and --tls-key go together/],
    ["a key without its certificate", ["--insecure-dev", "--tls-key", "k.pem"], {}, /--tls-cert and --tls-key go together/],
    ["a client CA without TLS", ["--tls-client-ca", "ca.pem"], {}, /--tls-client-ca needs --tls-cert/],
    ["a secret file and the environment variable", ["--jwt-secret-file", secretFile], { [JWT_SECRET_ENV]: "x" }, /give the JWT secret once/],
    ["an empty secret file", ["--jwt-secret-file", emptyFile], {}, /empty secret/],
    ["an empty environment secret", [], { [JWT_SECRET_ENV]: " " }, /STRATA_JWT_SECRET is empty/],
    ["a secret file that cannot be read", ["--jwt-secret-file", join(dir, "missing")], {}, /--jwt-secret-file .*missing/],
    ["two key sources", ["--jwt-secret-file", secretFile, "--jwt-jwks", jwksFile], {}, /one JWT key source/],
    ["an issuer without a key", ["--insecure-dev", "--jwt-issuer", "idp"], {}, /need a JWT key source/],
    ["JWT algorithms without a key", ["--insecure-dev", "--jwt-algorithms", "HS256"], {}, /need a JWT key source/],
    ["a JWKS file that is not JSON", ["--jwt-jwks", secretFile], {}, /not JSON/],
    ["a sample interval of 0", ["--insecure-dev", "--sample-interval-ms", "0"], {}, /sample-interval-ms/],
    ["a vendor flag's bad value", ["--insecure-dev", "--capacity", "-5"], {}, /--capacity/],
    ["an unknown flag", ["--insecure-dev", "--listen-on", "x"], {}, /unknown option '--listen-on'/],
  ])("should refuse %s with exit code 1 and the reason", (_, args, env, reason) => {
    const error = refusal(args, env);
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(reason);
  });

  it("should pass the data directory, the sample interval and the vendor's own flags through", () => {
    const settings = parse(["--insecure-dev", "--data-dir", "/var/lib/x", "--sample-interval-ms", "250", "--greeting", "hi", "--capacity", "4096"]);
    expect(settings).toMatchObject({ dataDir: "/var/lib/x", sampleIntervalMs: 250, flags: { greeting: "hi", capacity: 4096n } });
  });

  it("should answer --help with exit code 0, every common flag, the vendor's own and the environment variable", () => {
    const help = refusal(["--help"]);
    expect(help.exitCode).toBe(0);
    for (const flag of ["--listen", "--tls-cert", "--tls-key", "--tls-client-ca", "--jwt-secret-file", "--jwt-jwks", "--jwt-jwks-url",
      "--jwt-issuer", "--jwt-audience", "--jwt-algorithms", "--jwt-allow-no-exp", "--insecure-dev", "--sample-interval-ms", "--data-dir", "--greeting", "--capacity", JWT_SECRET_ENV, "SIGTERM"]) {
      expect(help.message).toContain(flag);
    }
    expect(help.message).not.toMatch(/--jwt-secret </);
    expect(refusal(["--version"])).toMatchObject({ exitCode: 0, message: "0.0.1" });
  });
});
