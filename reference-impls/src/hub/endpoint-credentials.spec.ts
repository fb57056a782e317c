import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ENDPOINT_TOKEN_ENV, endpointConfigs } from "./endpoint-credentials.js";

describe("endpointConfigs()", () => {
  const dir = mkdtempSync(join(tmpdir(), "hub-credentials-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("should take an endpoint's own entry, else the file's default, else the environment's token", () => {
    const file = join(dir, "credentials.json");
    writeFileSync(join(dir, "token"), "from-file\n");
    writeFileSync(file, JSON.stringify({ default: { tokenFile: join(dir, "token") }, endpoints: { "a:1": { token: "own" }, "c:3": { tenant: "ops" } } }));
    const configs = endpointConfigs({ endpoints: ["a:1", "b:2", "c:3"], credentialsFile: file, env: {}, development: false });
    expect(configs.map((c) => c.auth)).toEqual([{ token: "own" }, { token: "from-file" }, { tenant: "ops", roles: ["operator"] }]);
    expect(endpointConfigs({ endpoints: ["a:1"], env: { [ENDPOINT_TOKEN_ENV]: "env-token" }, development: false })[0]!.auth).toEqual({ token: "env-token" });
  });

  it("should refuse an endpoint without credentials unless the hub runs in development mode", () => {
    expect(() => endpointConfigs({ endpoints: ["a:1"], env: {}, development: false })).toThrow(/no credentials for endpoint a:1/);
    expect(endpointConfigs({ endpoints: ["a:1"], env: {}, development: true })[0]!.auth).toMatchObject({ roles: ["operator"] });
    expect(() => endpointConfigs({ endpoints: [], env: {}, development: true })).toThrow(/--endpoint/);
  });
});
