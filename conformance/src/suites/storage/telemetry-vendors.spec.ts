import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBlockfileServer, createMemstoreServer } from "@strata/reference-impls";
import type { StorageServer } from "@strata/sdk/server";
import { describe, expect, it } from "vitest";
import { TELEMETRY_AND_TOPOLOGY_SUITES, unexpectedFailures } from "../../helpers/telemetry-topology-suites.js";
import { runConformance } from "../../runner/run-conformance.js";

const auth = { insecureDevelopmentMode: true } as const;
const credentials = { tenantA: { tenant: "tenant-a" }, tenantB: { tenant: "tenant-b" }, operator: { tenant: "ops", roles: ["operator"] } };

describe.each<[string, () => Promise<{ server: StorageServer; remove?: () => Promise<void> }>]>([
  ["memstore", async () => ({ server: await createMemstoreServer({ auth, sampleIntervalMs: 200 }) })],
  ["blockfile", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "conformance-telemetry-"));
    return { server: await createBlockfileServer({ auth, dataDir, sampleIntervalMs: 200 }), remove: () => rm(dataDir, { recursive: true, force: true }) };
  }],
])("the telemetry and topology suites against %s", (vendor, start) => {
  it("should pass every check (but for known SDK defects)", async () => {
    const { server, remove } = await start();
    try {
      const target = await server.listen("127.0.0.1:0");
      const report = await runConformance({ target, layer: "storage", credentials, focus: TELEMETRY_AND_TOPOLOGY_SUITES });
      const ours = report.results.filter((r) => r.layer === "storage");
      console.info(`${vendor}: ${ours.length} checks in ${ours.reduce((ms, r) => ms + r.durationMs, 0).toFixed(0)} ms`
        + ours.map((r) => `\n  ${r.status} ${r.durationMs.toFixed(0).padStart(5)} ms  ${r.title}${r.logs.map((l) => `\n      ${l}`).join("")}`).join(""));
      expect(report.setupError).toBeUndefined();
      expect(unexpectedFailures(ours)).toEqual([]);
      expect(ours.length).toBe(17);
    } finally {
      await server.shutdown(500);
      await remove?.();
    }
  }, 60_000);
});
