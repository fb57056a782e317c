import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { createMemstoreServer } from "@strata/reference-impls";
import { describe, expect, it } from "vitest";

// Runs only where Debian's protobuf-compiler, protobuf-compiler-grpc,
// python3-grpcio and python3-protobuf are installed (.ci/run installs them);
// elsewhere it is reported as skipped, so `npm test` works without them.
const available =
  spawnSync("sh", ["-c", "command -v protoc && command -v grpc_python_plugin && /usr/bin/python3 -c 'import grpc, google.protobuf'"])
    .status === 0;

function run(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, "run-python-client.mjs"), ...args]);
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (text) => (output += text));
  child.stderr.setEncoding("utf8").on("data", (text) => (output += text));
  return new Promise((done) => child.once("exit", (code) => done({ code, output })));
}

describe("the Python client generated from proto/", () => {
  it.skipIf(!available)("should create, write, read back, subscribe once and decode error details against memstore", async () => {
    const server = await createMemstoreServer({ auth: { insecureDevelopmentMode: true } });
    const target = await server.listen("127.0.0.1:0");
    try {
      const { code, output } = await run(["--target", target]);
      expect(output).toMatch(/Subscribe MODE_ONCE: .* ended by its SyncMarker/);
      expect(output).toMatch(/Error details: INVALID_ARGUMENT, ERROR_REASON_INVALID_FIELD, BadRequest names capacity_bytes/);
      expect(output).toMatch(/python client: every check passed/);
      expect(code).toBe(0);
    } finally {
      await server.shutdown(0);
    }
  }, 60_000);
});
