// CI: runs the conformance CLI (built, as a vendor would run it) against each
// reference vendor started from its own command, over TCP and over a unix
// socket, with JWT bearer tokens. Exit code non-zero if any run fails.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SignJWT } from "jose";

const root = resolve(import.meta.dirname, "..");
const scratch = mkdtempSync(join(tmpdir(), "strata-ci-"));
const secret = randomBytes(32).toString("hex");
const token = (tenant, roles = []) => new SignJWT({ tenant_id: tenant, roles })
  .setProtectedHeader({ alg: "HS256" }).setIssuedAt().setExpirationTime("1h").sign(new TextEncoder().encode(secret));
const tokens = { a: await token("tenant-a"), b: await token("tenant-b"), operator: await token("operator", ["operator"]) };

const vendors = [
  { name: "memstore", bin: "reference-impls/bin/strata-storage-memstore.js", args: [] },
  { name: "blockfile", bin: "reference-impls/bin/strata-storage-blockfile.js", args: ["--data-dir", join(scratch, "blockfile")] },
];

/** Starts a vendor's command and resolves with the addresses it prints once listening. */
function startVendor(vendor, addresses) {
  const child = spawn(process.execPath, [join(root, vendor.bin), "--sample-interval-ms", "250",
    "--listen", ...addresses, ...vendor.args], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, STRATA_JWT_SECRET: secret } });
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
  for (const vendor of vendors) {
    const { child, bound } = await startVendor(vendor, ["127.0.0.1:0", `unix:${join(scratch, `${vendor.name}.sock`)}`]);
    try {
      for (const target of bound) {
        console.log(`\n== strata-conformance run --layer storage --target ${target}  (${vendor.name})`);
        const run = spawnSync(process.execPath, [join(root, "conformance/bin/strata-conformance.js"), "run",
          "--layer", "storage", "--target", target,
          "--token-a", tokens.a, "--token-b", tokens.b, "--token-operator", tokens.operator,
          "--junit", join(root, "reports", `ci-${vendor.name}-${target.startsWith("unix:") ? "unix" : "tcp"}.junit.xml`)],
        { stdio: "inherit" });
        if (run.status !== 0) failures += 1;
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
