import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { ConformanceConfigInput } from "@strata/conformance";
import { createBlockfileServer, createMemstoreServer } from "@strata/reference-impls";
import type { LayerServer } from "@strata/sdk/server";
import { mintTestToken } from "@strata/sdk/testing";

/** A reference vendor running in this process, with the suite's config for it. */
export interface RunningVendor {
  name: string;
  layer: string;
  config: ConformanceConfigInput;
  stop(): Promise<void>;
}

/** Samples every 250 ms, so telemetry checks wait a fraction of a second. */
const SAMPLE_INTERVAL_MS = 250;

/**
 * Starts every bundled reference vendor on loopback with JWT authentication
 * (a fresh secret each run), and mints the suite's three identities.
 */
export async function startReferenceVendors(): Promise<RunningVendor[]> {
  const secret = randomBytes(32).toString("hex");
  const [tenantA, tenantB, operator] = await Promise.all([
    mintTestToken(secret, "tenant-a"), mintTestToken(secret, "tenant-b"), mintTestToken(secret, "operator", ["operator"]),
  ]);
  const credentials = { tenantA: { token: tenantA }, tenantB: { token: tenantB }, operator: { token: operator } };
  const auth = { jwt: { secret } };
  const dataDir = mkdtempSync(join(tmpdir(), "strata-blockfile-"));

  const start = async (name: string, server: LayerServer, cleanup = () => {}): Promise<RunningVendor> => {
    const target = await server.listen("127.0.0.1:0");
    return {
      name, layer: "storage", config: { target, layer: "storage", credentials },
      stop: async () => { await server.shutdown(1000); cleanup(); },
    };
  };
  return [
    await start("memstore", await createMemstoreServer({ auth, sampleIntervalMs: SAMPLE_INTERVAL_MS })),
    await start("blockfile", await createBlockfileServer({ auth, sampleIntervalMs: SAMPLE_INTERVAL_MS, dataDir }),
      () => rmSync(dataDir, { recursive: true, force: true })),
  ];
}
