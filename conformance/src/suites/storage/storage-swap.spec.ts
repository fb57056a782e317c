import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBlockfileServer, createMemstoreServer } from "@strata/reference-impls";
import type { StorageServer } from "@strata/sdk/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConformanceConfigInput } from "../../config.js";
import { startStorageVendor, type RunningVendor } from "../../fixtures/faulty/faulty-storage-vendor.js";
import { wrongStatusCode } from "../../fixtures/faulty/wrong-status-code.js";
import { formatSwapReport } from "../../swap/format-swap-report.js";
import { runSwap } from "../../swap/run-swap.js";

const auth = { insecureDevelopmentMode: true } as const;
const credentials = { tenantA: { tenant: "tenant-a" }, tenantB: { tenant: "tenant-b" }, operator: { tenant: "ops", roles: ["operator"] } };

describe("the storage swap scenario", () => {
  let memstore: StorageServer;
  let blockfile: StorageServer;
  let dataDir: string;
  const configs: Record<string, ConformanceConfigInput> = {};

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "conformance-swap-"));
    [memstore, blockfile] = await Promise.all([createMemstoreServer({ auth }), createBlockfileServer({ auth, dataDir })]);
    for (const [name, server] of [["memstore", memstore], ["blockfile", blockfile]] as const) {
      configs[name] = { target: await server.listen("127.0.0.1:0"), layer: "storage", credentials, timeoutMs: 5000 };
    }
  });
  afterAll(async () => {
    await Promise.all([memstore?.shutdown(500), blockfile?.shutdown(500)]);
    await rm(dataDir, { recursive: true, force: true });
  });

  it("should prove that blockfile can replace memstore", async () => {
    const report = await runSwap(configs.memstore!, configs.blockfile!);
    expect(report.rows.filter((r) => !r.same), formatSwapReport(report)).toEqual([]);
    expect([...report.a.errors, ...report.b.errors]).toEqual([]);
    expect(report.passed).toBe(true);
    const subjects = report.rows.map((r) => `${r.aspect} ${r.subject}`);
    expect(subjects).toEqual(expect.arrayContaining([
      "status VolumeService.CreateVolume repeated with another capacity",
      "status BlockService.Read past the end",
      "status VolumeService.DeleteVolume of a mapped volume",
      "metric strata.storage.io.ops",
      "record LAYER_STORAGE write",
      "node storage.volume",
      "relation storage.volume RELATION_PLACED_ON storage.pool",
    ]));
  }, 20_000);

  it("should fail against a vendor answering another status code, showing the call side by side", async () => {
    let faulty: RunningVendor | undefined;
    try {
      faulty = await startStorageVendor(wrongStatusCode);
      const report = await runSwap(configs.memstore!, faulty.config, { settleMs: 0 });
      expect(report.passed).toBe(false);
      expect(report.rows.filter((r) => !r.same && r.aspect === "status").map((r) => [r.subject, r.a, r.b])).toEqual([
        ["VolumeService.GetVolume as tenant B of tenant A's volume", "NOT_FOUND", "INVALID_ARGUMENT"],
        ["VolumeService.GetVolume of an unknown volume", "NOT_FOUND", "INVALID_ARGUMENT"],
      ]);
    } finally {
      await faulty?.stop();
    }
  }, 20_000);
});
