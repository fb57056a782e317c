import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConformanceConfigInput } from "@strata/conformance";
import type { ReferenceVendor } from "@strata/reference-impls";
import { suiteTokens } from "./suite-tokens.mjs";

/** A reference vendor running in this process, with the suite's config for it. */
export interface RunningVendor {
  name: string;
  /** The layer the vendor serves, as the registry names it (the suite's module of the same name checks it). */
  layer: string;
  config: ConformanceConfigInput;
  stop(): Promise<void>;
}

/** Samples every 250 ms, so telemetry checks wait a fraction of a second. */
const SAMPLE_INTERVAL_MS = 250;

/**
 * Starts a vendor of the reference vendor registry on loopback with JWT
 * authentication (`secret`, fresh each run), with a scratch directory of its
 * own, and mints the suite's three identities. The config names no layer:
 * the run checks what the vendor declares.
 */
export async function startReferenceVendor(vendor: ReferenceVendor, secret: string): Promise<RunningVendor> {
  const tokens = await suiteTokens(secret);
  const credentials = { tenantA: { token: tokens.tenantA }, tenantB: { token: tokens.tenantB }, operator: { token: tokens.operator } };
  const scratchDir = mkdtempSync(join(tmpdir(), `strata-${vendor.name}-`));
  try {
    const server = await vendor.create({ auth: { jwt: { secret } }, sampleIntervalMs: SAMPLE_INTERVAL_MS, scratchDir });
    const target = await server.listen("127.0.0.1:0");
    return {
      name: vendor.name, layer: vendor.layer, config: { target, credentials },
      stop: async () => {
        await server.shutdown(1000);
        rmSync(scratchDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(scratchDir, { recursive: true, force: true });
    throw error;
  }
}
