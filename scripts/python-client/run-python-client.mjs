// Proves the contracts make a working client in a second language, as a
// platform team would make one: generates Python stubs from proto/ (and the
// google/rpc files they import) with protoc and grpc_python_plugin into a
// scratch directory, starts the built memstore reference vendor in insecure
// development mode on a free loopback port, and runs strata_client_check.py
// against it with Debian's /usr/bin/python3 (python3-grpcio, python3-protobuf).
//
// Usage: node scripts/python-client/run-python-client.mjs [--target host:port] [--if-available]
//   --target        call an endpoint already running (insecure development mode) instead
//   --if-available  exit 0 with a note when a tool is missing, instead of failing
// Without --target it runs reference-impls/bin/strata-storage-memstore.js: `npm run build` first.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..", "..");
// Debian's python3: another python3 may come first on PATH, without grpc.
const PYTHON = "/usr/bin/python3";
const GOOGLE_RPC = ["google/rpc/status.proto", "google/rpc/error_details.proto", "google/rpc/code.proto"];
const VENDOR_BIN = join(root, "reference-impls", "bin", "strata-storage-memstore.js");

const args = process.argv.slice(2);
const flag = (name) => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
};

const onPath = (command) =>
  (process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, command)).find((path) => existsSync(path));

/** What this machine lacks to generate and run the Python client, with the Debian package of each. */
function missingTools() {
  const missing = [];
  if (!onPath("protoc")) missing.push("protoc (Debian package protobuf-compiler)");
  if (!onPath("grpc_python_plugin")) missing.push("grpc_python_plugin (protobuf-compiler-grpc)");
  const python = existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import grpc, google.protobuf"]).status === 0;
  if (!python) missing.push(`${PYTHON} with grpc and protobuf (python3-grpcio, python3-protobuf)`);
  return missing;
}

/** Generates the Python messages and stubs of every Strata proto and the google/rpc files into `out`. */
function generateStubs(out) {
  const strata = readdirSync(join(root, "proto", "strata"), { recursive: true })
    .filter((file) => file.endsWith(".proto"))
    .map((file) => `strata/${file}`)
    .sort();
  const protoc = spawnSync("protoc", [
    "-I", "proto", "-I", join("node_modules", "google-proto-files"),
    `--python_out=${out}`, `--grpc_python_out=${out}`, `--plugin=protoc-gen-grpc_python=${onPath("grpc_python_plugin")}`,
    ...strata, ...GOOGLE_RPC,
  ], { cwd: root, stdio: "inherit" });
  if (protoc.status !== 0) throw new Error(`protoc failed (exit ${protoc.status})`);
  console.log(`generated Python stubs of ${strata.length} Strata files and ${GOOGLE_RPC.length} google/rpc files`);
}

/** Starts the built memstore vendor; resolves once it prints the address it listens on. */
function startVendor() {
  const child = spawn(process.execPath, [VENDOR_BIN, "--insecure-dev", "--listen", "127.0.0.1:0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error("the memstore vendor printed no address within 30 s")), 30_000);
    child.stdout.setEncoding("utf8").on("data", (text) => {
      const match = /listening on (\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolveStart({ child, target: match[1] });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the memstore vendor exited with ${code} before listening (did 'npm run build' run?)`));
    });
  });
}

/** Runs the Python client against `target`; resolves with its exit code. */
function runClient(stubs, target) {
  const python = spawn(PYTHON, [join(import.meta.dirname, "strata_client_check.py"), target], {
    env: { ...process.env, PYTHONPATH: stubs, PYTHONDONTWRITEBYTECODE: "1" },
    stdio: "inherit",
  });
  return new Promise((done) => python.once("exit", (code) => done(code ?? 1)));
}

const missing = missingTools();
if (missing.length > 0) {
  console.log(`python client: ${args.includes("--if-available") ? "skipped" : "cannot run"}: missing ${missing.join("; ")}`);
  process.exit(args.includes("--if-available") ? 0 : 1);
}

const scratch = mkdtempSync(join(tmpdir(), "strata-python-client-"));
let vendor;
try {
  generateStubs(scratch);
  const target = flag("--target") ?? (vendor = await startVendor()).target;
  console.log(`python client against ${target}${vendor ? " (strata-storage-memstore --insecure-dev)" : ""}`);
  process.exitCode = await runClient(scratch, target);
} catch (error) {
  console.error(`python client: ${error.message}`);
  process.exitCode = 1;
} finally {
  if (vendor) {
    const exited = new Promise((done) => vendor.child.once("exit", done));
    vendor.child.kill("SIGTERM");
    await exited;
  }
  rmSync(scratch, { recursive: true, force: true });
}
