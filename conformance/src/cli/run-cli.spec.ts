import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HEALTHY, startFixtureEndpoint, type FixtureEndpoint } from "../fixtures/fixture-endpoint.js";
import { LAYER_MODULES } from "../layers/index.js";
import { runCli } from "./run-cli.js";

let good: FixtureEndpoint;
let broken: FixtureEndpoint;
beforeAll(async () => {
  good = await startFixtureEndpoint();
  broken = await startFixtureEndpoint({ info: { ...HEALTHY.info, specVersion: "v1" } });
});
afterAll(async () => { await Promise.all([good.close(), broken.close()]); });

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

const tenants = ["--insecure-tenants", "tenant-a,tenant-b,ops"];
/** The suites the hand-written fixture serves, and the report of a layer no module checks. */
const fixtureSuites = ["common/identity", "common/health", "common/reflection", "common/unauthenticated", "[layers]"].flatMap((s) => ["--focus", s]);

describe("runCli()", () => {
  it("should run the common suites and report the declared layer no module checks, write JUnit and JSON, and exit 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "strata-conformance-"));
    const { code, stdout } = await cli("run", "--target", good.target, ...tenants, ...fixtureSuites,
      "--junit", join(dir, "reports/junit.xml"), "--json", join(dir, "report.json"), "--repeats", "2", "--timeout", "3000");
    expect(code).toBe(0);
    expect(stdout).toContain("── common\n✓ GetInfo names the vendor, product and version [identity] (");
    expect(stdout).toContain("- skip UNRECOGNIZED is checked by a layer module [layers] (0 ms)\n"
      + "    the endpoint declares UNRECOGNIZED, which this suite has no layer module for: none of its own checks ran");
    // In development mode there is no bearer token to forge: the forgery check skips with the reason.
    expect(stdout).toContain("- skip A bearer token that does not verify answers UNAUTHENTICATED");
    expect(stdout.trimEnd().split("\n").at(-1)).toBe("11 passed, 0 failed, 4 skipped");
    expect(await readFile(join(dir, "reports/junit.xml"), "utf8")).toContain(`<testsuites name="strata-conformance common" tests="15" failures="0"`);
    expect(JSON.parse(await readFile(join(dir, "report.json"), "utf8"))).toMatchObject({
      target: good.target, layers: [], uncheckedLayers: ["UNRECOGNIZED"], summary: { passed: 11, skipped: 4 } });
    expect(stdout).toMatch(/, \d+ left out by focus\/skip\n/);
  });

  it("should exit 1 when a check fails, with the failure under its line", async () => {
    const { code, stdout } = await cli("run", "--target", broken.target, ...tenants, "--focus", "identity", "--skip", "credentials");
    expect(code).toBe(1);
    expect(stdout).toMatch(/✗ GetInfo\.spec_version is MAJOR\.MINOR\.PATCH \[identity\] \(\d+ ms\)\n {4}GetInfo\.spec_version is "v1"/);
    expect(stdout.trimEnd().split("\n").at(-1)).toBe("5 passed, 1 failed, 0 skipped");
  });

  it.each([
    [["run", "--insecure-tenants", "a,b,c"], "required option '--target <address>' not specified"],
    [["run", "--layer", "no-such-layer", "--target", "x:1", "--insecure-tenants", "a,b,c"], `Allowed choices are ${LAYER_MODULES.map((m) => m.name).join(", ")}`],
    [["run", "--target", "x:1"], "--token-a/--token-b/--token-operator or --insecure-tenants is required"],
    [["run", "--target", "x:1", "--insecure-tenants", "a,b"], 'needs three names "tenantA,tenantB,operator"'],
    [["run", "--target", "x:1", "--insecure-tenants", "a,a,c"], "--token-b must be a different tenant"],
    [["run", "--target", "x:1", "--insecure-tenants", "a,b,c", "--repeats", "0"], "--repeats must be an integer ≥ 1 (got 0)"],
    [["run", "--target", "x:1", "--insecure-tenants", "a,b,c", "--timeout", "soon"], "argument 'soon' is invalid. not a whole number."],
    [["run", "--target", "x:1", "--insecure-tenants", "a,b,c", "--tls-ca", "/nonexistent.pem"], "--tls-ca names a file that does not exist"],
    [["run", "--target", "x:1", "--token-a-file", "/nonexistent.jwt", "--token-b", "b", "--token-operator", "o"], "--token-a-file names a file that cannot be read: /nonexistent.jwt"],
    [["frobnicate"], "unknown command 'frobnicate'"],
  ])("should exit 2 on a usage or config error: %j", async (argv, message) => {
    const { code, stderr } = await cli(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it("should print help and exit 0", async () => {
    const { code, stdout } = await cli("run", "--help");
    expect(code).toBe(0);
    expect(stdout).toContain("--insecure-tenants <a,b,operator>");
  });

  it("should run the swap proof side by side and exit 0 when nothing differs, 1 otherwise", async () => {
    const same = await cli("swap", "--a", good.target, "--b", good.target, ...tenants);
    expect(same.stdout).toContain("swap proof passed");
    expect(same.code).toBe(0);
    const unreachable = await cli("swap", "--a", good.target, "--b", "127.0.0.1:1", ...tenants, "--timeout", "1000");
    expect(unreachable.stdout).toMatch(/error at B: could not read the endpoint's capabilities/);
    expect(unreachable.code).toBe(1);
  });

  // The relay itself is run end to end by CI's conformance runs (scripts/ci-conformance.mjs: the hub over TCP reads its vendor through --behind-relay).
  describe("run --behind with --behind-relay", () => {
    it("should exit 2 when the relay cannot listen on the address given", async () => {
      const { code, stderr } = await cli("run", "--target", "127.0.0.1:1", "--behind", "127.0.0.1:2", "--behind-relay", "203.0.113.1:1", ...tenants);
      expect(code).toBe(2);
      expect(stderr).toContain("--behind-relay cannot listen");
    });
  });
});
