// CI: runs the conformance CLI (built, as a vendor would run it) against every
// vendor of the reference vendor registry, each started from its own command,
// the first vendor of a layer over TCP with the whole suite and the second over
// a unix socket with the suites proving its command and credentials (each
// vendor listening on both), without --layer (the suite checks what the
// vendor declares), with JWT bearer tokens read from files. The vendors read
// their JWT secret from STRATA_JWT_SECRET, never from argv. Exit code non-zero
// if any run fails or leaves the vendor's own layer unchecked. The runs go 3
// at a time (--concurrency N or STRATA_CI_CONCURRENCY), each against a vendor
// process of its own, its output printed whole when it ends. Then the same
// CLI against the built strata-hub over the first reference vendor, over TCP
// and a unix socket, with --behind naming the vendor it drives traffic on.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { LAYER_MODULES } from "@strata/conformance";
import { connect } from "@strata/sdk/client";
import { REFERENCE_VENDORS } from "@strata/reference-impls";
import { concurrencyOf, runPooled } from "./main-job/run-pooled.mjs";
import { suiteTokens } from "./main-job/suite-tokens.mjs";

const root = resolve(import.meta.dirname, "..");
const reports = join(root, "reports");
const scratch = mkdtempSync(join(tmpdir(), "strata-ci-"));
const secret = randomBytes(32).toString("hex");
const tokens = await suiteTokens(secret);
const tokenFiles = Object.entries({ a: tokens.tenantA, b: tokens.tenantB, operator: tokens.operator }).flatMap(([who, token]) => {
  const file = join(scratch, `token-${who}.jwt`);
  writeFileSync(file, token, { mode: 0o600 });
  return [`--token-${who}-file`, file];
});
const commands = JSON.parse(readFileSync(join(root, "reference-impls", "package.json"), "utf8")).bin;
mkdirSync(reports, { recursive: true });

/**
 * Starts a vendor's command on `addresses` (its stderr into `output`) and
 * resolves with the addresses it prints once listening.
 */
function startVendor(vendor, run, addresses, output) {
  const bin = join(root, "reference-impls", commands[vendor.bin]);
  const dataDir = join(scratch, run);
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, [bin, "--sample-interval-ms", "250", "--listen", ...addresses, ...vendor.args(dataDir)],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, STRATA_JWT_SECRET: secret, STRATA_HUB_ENDPOINT_TOKEN: tokens.operator } });
  child.stderr.setEncoding("utf8").on("data", (text) => output.push(text));
  return new Promise((resolveStart, reject) => {
    const bound = [];
    child.stdout.setEncoding("utf8").on("data", (text) => {
      for (const match of text.matchAll(/listening on (\S+)/g)) bound.push(match[1]);
      if (bound.length === addresses.length) resolveStart({ child, bound });
    });
    child.once("exit", (code) => reject(new Error(`${vendor.name} exited with ${code} before listening`)));
  });
}

/** Runs the built CLI with `args`, its stdout and stderr into `output`; resolves with its exit code. */
function runCli(args, output) {
  const cli = spawn(process.execPath, [join(root, "conformance/bin/strata-conformance.js"), ...args], { stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [cli.stdout, cli.stderr]) stream.setEncoding("utf8").on("data", (text) => output.push(text));
  return new Promise((resolveRun, reject) => {
    cli.once("error", reject);
    cli.once("close", (code) => resolveRun(code));
  });
}

/**
 * One (vendor × transport) run: a vendor process of its own (listening on TCP
 * and a unix socket both, as a deployment may), the CLI against the one
 * transport. Its output is kept and printed whole when it ends, so runs at
 * once do not interleave. Resolves true when the run passed and checked the
 * vendor's own layer.
 */
/**
 * The suites a second vendor of a layer is run with: what proves its command,
 * the CLI and the run's credentials (its identity, the refusals without or
 * with forged credentials, tenancy: the layer's own isolation checks too).
 * The main job has run the whole suite against it in process already.
 */
const SECOND_VENDOR_FOCUS = ["identity", "unauthenticated", "tenancy"].flatMap((suite) => ["--focus", suite]);

async function conformanceRun(vendor, transport, focus = []) {
  const name = `ci-${vendor.name}-${transport}`;
  const output = [];
  const started = Date.now();
  let checked = false;
  try {
    const { child, bound } = await startVendor(vendor, name, ["127.0.0.1:0", `unix:${join(scratch, `${name}.sock`)}`], output);
    try {
      const target = bound.find((address) => address.startsWith("unix:") === (transport === "unix"));
      output.unshift(`\n== strata-conformance run --target ${target} ${focus.join(" ")} (${vendor.layer} ${vendor.name})\n`);
      const status = await runCli(["run", "--target", target, ...focus, ...tokenFiles,
        "--junit", join(reports, `${name}.junit.xml`), "--json", join(reports, `${name}.json`)], output);
      checked = status === 0 && JSON.parse(readFileSync(join(reports, `${name}.json`), "utf8")).layers.includes(vendor.layer);
      if (status === 0 && !checked) output.push(`${vendor.name}: the run did not check its layer ${vendor.layer}\n`);
    } finally {
      child.kill("SIGTERM");
    }
  } catch (error) {
    output.push(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  output.push(`${name}: ${checked ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(output.join(""));
  return checked;
}

/** The built strata-hub as a vendor-like command (startVendor's shape), subscribed to `endpoint`, with a short history of its graph. */
const hubCommand = (endpoint) => ({
  name: "hub", layer: "hub", bin: "strata-hub",
  args: () => ["--endpoint", endpoint, "--settle-ms", "500", "--topology-retained-changes", "200"],
});

/** Resolves once the endpoint at `target` answers Probe ready (the hub: once its stream of each endpoint synced). */
async function ready(target) {
  const client = connect(target, { auth: { none: true } });
  try {
    for (let i = 0; i < 400; i++) {
      if ((await client.identity.probe({}).catch(() => ({ ready: false }))).ready) return;
      await sleep(25);
    }
    throw new Error(`${target} was not ready within 10 s`);
  } finally {
    client.close();
  }
}

/** A port of 127.0.0.1 free a moment ago. */
const freePort = () => new Promise((resolvePort) => {
  const probe = createServer().listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => resolvePort(port));
  });
});

/**
 * One hub run: the first reference vendor in a process of its own, the
 * built strata-hub over it (listening on TCP and a unix socket both), the
 * CLI against the hub over `transport` with --behind the vendor. Over TCP the
 * hub reads the vendor through the CLI's relay (--behind-relay), so that the
 * disturbance check runs from the command line too; the hub is then ready
 * only once the CLI relays.
 */
async function hubRun(vendor, transport) {
  const name = `ci-hub-${transport}`;
  const output = [];
  const started = Date.now();
  let passed = false;
  const children = [];
  try {
    const backing = await startVendor(vendor, `${name}-${vendor.name}`, ["127.0.0.1:0"], output);
    children.push(backing.child);
    const relay = transport === "tcp" ? ["--behind-relay", `127.0.0.1:${await freePort()}`] : [];
    const hub = await startVendor(hubCommand(relay[1] ?? backing.bound[0]), name, ["127.0.0.1:0", `unix:${join(scratch, `${name}.sock`)}`], output);
    children.push(hub.child);
    const target = hub.bound.find((address) => address.startsWith("unix:") === (transport === "unix"));
    if (relay.length === 0) await ready(target);
    output.unshift(`\n== strata-conformance run --target ${target} --behind ${backing.bound[0]} ${relay.join(" ")} (hub over ${vendor.name})\n`);
    const status = await runCli(["run", "--target", target, "--behind", backing.bound[0], ...relay, ...tokenFiles,
      "--junit", join(reports, `${name}.junit.xml`), "--json", join(reports, `${name}.json`)], output);
    passed = status === 0 && JSON.parse(readFileSync(join(reports, `${name}.json`), "utf8")).layers.includes("hub");
  } catch (error) {
    output.push(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    for (const child of children.reverse()) child.kill("SIGTERM");
  }
  output.push(`${name}: ${passed ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(output.join(""));
  return passed;
}

let failures = 0;
try {
  const runs = [];
  for (const vendor of REFERENCE_VENDORS) {
    if (!LAYER_MODULES.some((m) => m.name === vendor.layer)) {
      console.error(`\n${vendor.name}: no layer module of the suite checks its layer ${vendor.layer}`);
      failures += 1;
      continue;
    }
    // The main job has run the whole suite against every vendor already, in process: here each vendor's built command runs
    // once, the first vendor of each layer over TCP with the whole suite and the second over a unix socket with the suites
    // that prove its command and credentials, so that each layer is checked over both.
    const first = REFERENCE_VENDORS.filter((v) => v.layer === vendor.layer).indexOf(vendor) % 2 === 0;
    const transport = first ? "tcp" : "unix";
    runs.push({ name: `ci-${vendor.name}-${transport}`, run: () => conformanceRun(vendor, transport, first ? [] : SECOND_VENDOR_FOCUS) });
  }
  for (const transport of ["tcp", "unix"]) runs.push({ name: `ci-hub-${transport}`, run: () => hubRun(REFERENCE_VENDORS[0], transport) });
  // STRATA_CI_ONLY=<regular expression> keeps the runs whose name matches (ci-hub-unix, ci-memstore-tcp…): to repeat one locally.
  const only = process.env.STRATA_CI_ONLY ? new RegExp(process.env.STRATA_CI_ONLY) : undefined;
  const chosen = runs.filter(({ name }) => !only || only.test(name));
  const concurrency = concurrencyOf(3);
  console.log(`${chosen.length} conformance runs, ${concurrency} at a time`);
  failures += (await runPooled(chosen.map(({ run }) => run), concurrency)).filter((passed) => !passed).length;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (failures > 0) console.error(`\n${failures} conformance run(s) failed`);
process.exitCode = failures > 0 ? 1 : 0;
