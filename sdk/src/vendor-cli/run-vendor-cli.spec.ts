import { spawn } from "node:child_process";
import { EventEmitter, once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { status } from "@grpc/grpc-js";
import { afterAll, describe, expect, it } from "vitest";
import { connect } from "../client/connect.js";
import { StrataError } from "../errors/strata-error.js";
import { FIXTURE_SERVICES } from "../testing/fixture-service.js";
import { createTestPki } from "../testing/test-pki.js";
import { mintTestToken } from "../testing/test-token.js";
import { fixtureVendor } from "./fixtures/fixture-vendor.js";
import { runVendorCli } from "./run-vendor-cli.js";
import { JWT_SECRET_ENV } from "./vendor-settings.js";

const dir = mkdtempSync(join(tmpdir(), "strata-vendor-run-"));
const empty = Buffer.alloc(0);

/** A runtime that records what the command printed and how it exited, with signals of its own. */
function runtime(args: string[], env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  const errors: string[] = [];
  const exits: number[] = [];
  const signals = new EventEmitter();
  return {
    lines, errors, exits, signals,
    options: {
      argv: ["node", "fixture-vendor", ...args], env, signals,
      out: (line: string) => lines.push(line), err: (line: string) => errors.push(line), exit: (code: number) => exits.push(code),
    },
  };
}

describe("runVendorCli()", () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("should listen on every address given, authenticate with the secret from the environment, and stop on SIGTERM", async () => {
    const socket = join(dir, "fixture.sock");
    const run = runtime(["--listen", "127.0.0.1:0", `unix:${socket}`, "--greeting", "hi"], { [JWT_SECRET_ENV]: "env-secret" });
    const running = (await runVendorCli(fixtureVendor, run.options))!;
    expect(running.addresses).toHaveLength(2);
    expect(running.addresses[1]).toBe(`unix:${socket}`);
    expect(run.lines).toEqual(running.addresses.map((a) => `fixture-vendor listening on ${a}`));

    const token = await mintTestToken("env-secret", "t1");
    for (const address of running.addresses) {
      const client = connect(address, { services: FIXTURE_SERVICES, auth: { token } });
      expect(await client.fixture.get({ resourceId: "", payload: empty })).toEqual({ resourceId: "t1", payload: Buffer.from("hi") });
      const forged = connect(address, { services: FIXTURE_SERVICES, auth: { token: await mintTestToken("other", "t1") } });
      await expect(forged.fixture.get({ resourceId: "", payload: empty })).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
      client.close();
      forged.close();
    }

    run.signals.emit("SIGTERM");
    await running.stop(); // the same stop the signal began
    expect(run.exits).toEqual([0]);
    const after = connect(running.addresses[0]!, { services: FIXTURE_SERVICES, auth: { token }, timeoutMs: 1000 });
    const error = await after.fixture.get({ resourceId: "", payload: empty }).catch((e: StrataError) => e);
    expect(error).toBeInstanceOf(StrataError);
    expect((error as StrataError).code).toBe(status.UNAVAILABLE);
    after.close();
  });

  it("should serve TLS and take the tenant from client certificates with --tls-client-ca (mTLS)", async () => {
    const pki = createTestPki();
    try {
      const run = runtime(["--listen", "127.0.0.1:0", "--tls-cert", pki.server.certPath, "--tls-key", pki.server.keyPath, "--tls-client-ca", pki.caPath]);
      const running = (await runVendorCli(fixtureVendor, run.options))!;
      const port = running.addresses[0]!.split(":").pop();
      const client = connect(`localhost:${port}`, {
        services: FIXTURE_SERVICES, auth: { none: true }, tls: { caPath: pki.caPath, ...pki.client("t-cert") },
      });
      expect((await client.fixture.get({ resourceId: "", payload: empty })).resourceId).toBe("t-cert");
      client.close();
      await running.stop();
    } finally {
      pki.remove();
    }
  });

  it("should print why a command line cannot run and exit 1, without starting anything", async () => {
    const run = runtime(["--jwt-secret", "oops"]);
    expect(await runVendorCli(fixtureVendor, run.options)).toBeUndefined();
    expect(run.exits).toEqual([1]);
    expect(run.errors.join("\n")).toContain("--jwt-secret-file");
    expect(run.lines).toEqual([]);
  });

  it("should exit 1 naming the address when it cannot listen", async () => {
    const run = runtime(["--insecure-dev", "--listen", "unix:/nonexistent-dir/x.sock"]);
    expect(await runVendorCli(fixtureVendor, run.options)).toBeUndefined();
    expect(run.exits).toEqual([1]);
    expect(run.errors.join("\n")).toContain("unix:/nonexistent-dir/x.sock");
  });

  it("should run as a process: print --help, serve, and exit 0 on SIGTERM", async () => {
    const root = fileURLToPath(new URL("../../..", import.meta.url));
    const main = fileURLToPath(new URL("./fixtures/fixture-vendor-main.ts", import.meta.url));
    const start = (args: string[]) => spawn(process.execPath, ["--conditions=strata-source", "--import", "tsx", main, ...args], {
      cwd: root, env: { ...process.env, [JWT_SECRET_ENV]: "process-secret" }, stdio: ["ignore", "pipe", "pipe"],
    });
    const help = start(["--help"]);
    let helpText = "";
    help.stdout.setEncoding("utf8").on("data", (text: string) => (helpText += text));
    const [helpCode] = await once(help, "exit");
    expect(helpCode).toBe(0);
    expect(helpText).toContain("Usage: fixture-vendor");
    expect(helpText).toContain("--jwt-secret-file");

    const child = start(["--listen", "127.0.0.1:0"]);
    const address = await new Promise<string>((resolve, reject) => {
      let text = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        text += chunk;
        const match = text.match(/listening on (\S+)/);
        if (match) resolve(match[1]!);
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code} before listening`)));
    });
    const client = connect(address, { services: FIXTURE_SERVICES, auth: { token: await mintTestToken("process-secret", "t9") } });
    expect((await client.fixture.get({ resourceId: "", payload: empty })).resourceId).toBe("t9");
    client.close();
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  }, 60_000);
});
