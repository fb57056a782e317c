import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConformanceConfigInput } from "@strata/conformance";
import { REFERENCE_VENDORS } from "@strata/reference-impls";
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
 * Starts every vendor of the reference vendor registry on loopback with JWT
 * authentication (a fresh secret each run), each with a scratch directory of
 * its own, and mints the suite's three identities. The configs name no
 * layer: each run checks what the vendor declares.
 */
export async function startReferenceVendors(): Promise<RunningVendor[]> {
  const secret = randomBytes(32).toString("hex");
  const tokens = await suiteTokens(secret);
  const credentials = { tenantA: { token: tokens.tenantA }, tenantB: { token: tokens.tenantB }, operator: { token: tokens.operator } };
  const running: RunningVendor[] = [];
  try {
    for (const vendor of REFERENCE_VENDORS) {
      const scratchDir = mkdtempSync(join(tmpdir(), `strata-${vendor.name}-`));
      const server = await vendor.create({ auth: { jwt: { secret } }, sampleIntervalMs: SAMPLE_INTERVAL_MS, scratchDir });
      const target = await server.listen("127.0.0.1:0");
      running.push({
        name: vendor.name, layer: vendor.layer, config: { target, credentials },
        stop: async () => {
          await server.shutdown(1000);
          rmSync(scratchDir, { recursive: true, force: true });
        },
      });
    }
  } catch (error) {
    await Promise.all(running.map((v) => v.stop()));
    throw error;
  }
  return running;
}
