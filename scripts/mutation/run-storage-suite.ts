// The command mutation testing runs for each mutant (`npm run mutation`):
// starts memstore in this process from the sources (the mutated files when a
// mutant is active), runs the storage conformance module and the common
// suites against it, and exits 1 at the first failed check (0 when every
// check passed or was skipped with its reason). What ran is printed, so that
// no check is dropped in silence.
import { createMemstoreBackend } from "@strata/reference-impls";
import { core } from "@strata/sdk/contracts";
import { createStorageServer } from "@strata/sdk/storage";
import { defaultRegistry, layerModules, runConformance } from "@strata/conformance";
import { DEVELOPMENT_CREDENTIALS } from "../../conformance/src/fixtures/start-reference-vendor.js";

/** Low enough that the per-tenant volume limit check is over in a moment. */
const VOLUMES_PER_TENANT = 40;
/** Low enough that the check filling a host with LUNs is over in a moment (below VOLUMES_PER_TENANT). */
const LUNS_PER_HOST = 16;
/** The largest volume the pool declares (Pool.max_volume_bytes): above 2^53, below the contract's largest. */
const LARGEST_VOLUME_BYTES = 1n << 62n;
/** Two pools, as the suite's fixtures offer: the checks of a second pool (a repeated create naming another, each pool's totals, ListPools over pages) run only then. */
const POOLS = 2;
/** GetPlacement's latency window: the check that it ages out waits one window. */
const LATENCY_WINDOW_NS = 1_000_000_000n;
/** Telemetry every 100 ms, so that the telemetry checks wait little. */
const SAMPLE_INTERVAL_MS = 100;
/**
 * memstore's simulated devices at 500 µs an I/O instead of their default 20 µs: I/O sent at
 * once then queues a millisecond or more behind its device and is slept (the check "Writes
 * sent at once to one volume …" reaches a queued I/O's wake-up: 52 of its 64 writes queued,
 * measured), while an I/O alone still waits less than a timer's resolution and is not slept.
 */
const SPINDLE_MODEL = { accessNs: 500_000, bytesPerSecond: 2e9 };

/** Checks left out of the run by title substring or tag, from STRATA_MUTATION_SKIP (comma-separated). */
const skip = (process.env.STRATA_MUTATION_SKIP ?? "").split(",").map((s) => s.trim()).filter(Boolean);
const verbose = process.env.STRATA_MUTATION_VERBOSE === "1";
/**
 * STRATA_MUTATION_UNDECLARED=1 declares none of memstore's optional features
 * and none of the optional limits (0 volumes per tenant, 0 LUNs per host: no
 * limit), so that the checks of an undeclared feature (UNIMPLEMENTED) and every
 * create and map judge the kit's branches that a run declaring them never reaches.
 */
const undeclared = process.env.STRATA_MUTATION_UNDECLARED === "1";

class FirstFailure extends Error {}

/**
 * Every check of the storage module and of the common suites, the storage
 * module's first: a mutant of the storage kit is most often caught there, and
 * the run stops at the first failure.
 */
const checks = [...layerModules().filter((m) => m.name === "storage").flatMap((m) => m.checks), ...defaultRegistry.checks];

const started = performance.now();
/**
 * memstore's backend with a largest volume declared on its pool (2^62, as the
 * suite's own fixtures declare): memstore declares none, and without one the
 * kit's max_volume_bytes rule could never be reached. Its devices are slower
 * than memstore's default (SPINDLE_MODEL).
 */
const memstore = createMemstoreBackend({ latencyWindowNs: LATENCY_WINDOW_NS, pools: POOLS, spindleModel: SPINDLE_MODEL });
const server = await createStorageServer({
  info: { vendor: "Strata reference", product: "strata-storage-memstore (mutation testing)", version: "0.1.0" },
  capabilities: undeclared ? [] : [core.Feature.FEATURE_STORAGE_THIN_PROVISIONING, core.Feature.FEATURE_STORAGE_VOLUME_EXPANSION],
  backend: { ...memstore, pools: () => memstore.pools().map((p) => ({ ...p, maxVolumeBytes: LARGEST_VOLUME_BYTES })) },
  auth: { insecureDevelopmentMode: true }, sampleIntervalMs: SAMPLE_INTERVAL_MS,
  limits: undeclared ? { maxResourcesPerTenant: 0, maxLunsPerHost: 0 } : { maxResourcesPerTenant: VOLUMES_PER_TENANT, maxLunsPerHost: LUNS_PER_HOST },
});
const target = await server.listen("127.0.0.1:0");
let exitCode = 0;
let ran = 0;
try {
  const report = await runConformance({ target, credentials: DEVELOPMENT_CREDENTIALS, layer: "storage", timeoutMs: 5000, skip }, {
    checks,
    onResult(result) {
      ran += 1;
      if (verbose) console.log(`${result.status.padEnd(4)} ${result.durationMs.toFixed(0)} ms ${result.title}${result.status === "skip" ? `\n     ${result.message ?? ""}` : ""}`);
      if (result.status === "fail") {
        console.log(`✗ ${result.title}\n  ${result.message ?? ""}`);
        throw new FirstFailure();
      }
    },
  });
  if (report.setupError) {
    console.log(`✗ setup: ${report.setupError}`);
    exitCode = 1;
  } else {
    const { passed, skipped, warnings } = report.summary;
    console.log(`storage + common suites: ${passed} passed, ${skipped} skipped, ${warnings} warnings (${ran} results${skip.length ? `; left out: ${skip.join(", ")}` : ""}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
} catch (error) {
  exitCode = 1;
  if (!(error instanceof FirstFailure)) console.log(`✗ ${error instanceof Error ? error.stack : String(error)}`);
  else console.log(`stopped at the first failure after ${ran} results, ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await server.shutdown(200).catch(() => undefined);
}
process.exit(exitCode);
