// The faulty-vendor proofs of one layer, for the faulty-vendors.<layer>.spec.ts
// files (one per layer folder, three lines each).
import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { LayerFixtures } from "../registry/layer-fixtures.js";
import type { ConformanceReport } from "../runner/conformance-report.js";
import { runConformance } from "../runner/run-conformance.js";
import "./index.js";

const here = new URL("./", import.meta.url);

/** The layer folders of layers/: each has its faulty vendors, proven in faulty-vendors.<layer>.spec.ts. */
export const layerFolders = () => readdirSync(here, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

/** The spec file that proves the faulty vendors of `layer`. */
export const faultyVendorSpecFile = (layer: string) => `faulty-vendors.${layer}.spec.ts`;

/** Runs the checks titled like `focus` against an endpoint the fixtures start, then stops it. */
async function run(start: LayerFixtures["startClean"], focus: string[]): Promise<ConformanceReport> {
  const endpoint = await start();
  try {
    return await runConformance({ ...endpoint.config, focus });
  } finally {
    await endpoint.stop();
  }
}

/** The one result whose title contains `fragment`. */
function resultOf(report: ConformanceReport, fragment: string) {
  const matches = report.results.filter((r) => r.title.includes(fragment));
  expect(matches.map((r) => r.title), `one result titled like "${fragment}"`).toHaveLength(1);
  return matches[0]!;
}

/**
 * Describes the proofs of the faulty vendors of `layer` (its fixtures): the
 * clean vendor passes every check a defect is proven with, and each faulty
 * one fails its check. One small spec file per layer calls it, so that vitest
 * runs the layers' proofs in parallel files.
 */
export async function describeFaultyVendors(layer: string): Promise<void> {
  const file = new URL(`${layer}/fixtures/index.ts`, here);
  const fixtures = existsSync(file) ? (await import(file.href) as { fixtures: LayerFixtures }).fixtures : undefined;
  describeProofs(layer, fixtures);
}

function describeProofs(layer: string, fixtures: LayerFixtures | undefined): void {
  describe(`the faulty vendors of layers/${layer}`, () => {
    it("should exist: a check exists only once a faulty vendor proves it can fail", () => {
      expect(fixtures, `layers/${layer}/fixtures/index.ts must export its fixtures`).toBeDefined();
      expect(fixtures!.faulty.length).toBeGreaterThan(0);
    });

    it("should pass the clean vendor on every check a defect is proven with", async () => {
      const cleans = [...new Set((fixtures?.faulty ?? []).map((f) => f.startClean ?? fixtures!.startClean))];
      for (const start of cleans) {
        const proven = fixtures!.faulty.filter((f) => (f.startClean ?? fixtures!.startClean) === start);
        const report = await run(start, proven.map((f) => f.check));
        expect(proven.map((f) => [f.check, resultOf(report, f.check).status, resultOf(report, f.check).message]))
          .toEqual(proven.map((f) => [f.check, "pass", undefined]));
      }
    }, 60_000);

    it.each((fixtures?.faulty ?? []).map((f) => [f.name, f] as const))("should fail the %s vendor on its check, naming the defect", async (_, faulty) => {
      const result = resultOf(await run(faulty.start, [faulty.check]), faulty.check);
      expect(result.status).toBe("fail");
      if (typeof faulty.message === "string") expect(result.message).toContain(faulty.message);
      else expect(result.message).toMatch(faulty.message);
      expect(result.cleanupErrors).toEqual([]);
    }, 20_000);
  });
}
