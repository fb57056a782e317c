// CI: runs the conformance CLI (built, as a vendor would run it) against every
// vendor of the reference vendor registry, each started from its own command,
// over TCP and over a unix socket, without --layer (the suite checks what the
// vendor declares), with JWT bearer tokens read from files. The vendors read
// their JWT secret from STRATA_JWT_SECRET, never from argv. Exit code non-zero
// if any run fails or leaves the vendor's own layer unchecked.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LAYER_MODULES } from "@strata/conformance";
import { REFERENCE_VENDORS } from "@strata/reference-impls";
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

/** Starts a vendor's command and resolves with the addresses it prints once listening. */
function startVendor(vendor, addresses) {
  const bin = join(root, "reference-impls", commands[vendor.bin]);
  const dataDir = join(scratch, vendor.name);
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, [bin, "--sample-interval-ms", "250", "--listen", ...addresses, ...vendor.args(dataDir)],
    { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, STRATA_JWT_SECRET: secret } });
  return new Promise((resolveStart, reject) => {
    const bound = [];
    child.stdout.setEncoding("utf8").on("data", (text) => {
      for (const match of text.matchAll(/listening on (\S+)/g)) bound.push(match[1]);
      if (bound.length === addresses.length) resolveStart({ child, bound });
    });
    child.once("exit", (code) => reject(new Error(`${vendor.name} exited with ${code} before listening`)));
  });
}

let failures = 0;
try {
  for (const vendor of REFERENCE_VENDORS) {
    if (!LAYER_MODULES.some((m) => m.name === vendor.layer)) {
      console.error(`\n${vendor.name}: no layer module of the suite checks its layer ${vendor.layer}`);
      failures += 1;
      continue;
    }
    const { child, bound } = await startVendor(vendor, ["127.0.0.1:0", `unix:${join(scratch, `${vendor.name}.sock`)}`]);
    try {
      for (const target of bound) {
        const name = `ci-${vendor.name}-${target.startsWith("unix:") ? "unix" : "tcp"}`;
        console.log(`\n== strata-conformance run --target ${target}  (${vendor.layer} ${vendor.name})`);
        const run = spawnSync(process.execPath, [join(root, "conformance/bin/strata-conformance.js"), "run", "--target", target, ...tokenFiles,
          "--junit", join(reports, `${name}.junit.xml`), "--json", join(reports, `${name}.json`)], { stdio: "inherit" });
        const checked = run.status === 0 && JSON.parse(readFileSync(join(reports, `${name}.json`), "utf8")).layers.includes(vendor.layer);
        if (run.status === 0 && !checked) console.error(`${vendor.name}: the run did not check its layer ${vendor.layer}`);
        if (!checked) failures += 1;
      }
    } finally {
      child.kill("SIGTERM");
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (failures > 0) console.error(`\n${failures} conformance run(s) failed`);
process.exitCode = failures > 0 ? 1 : 0;
