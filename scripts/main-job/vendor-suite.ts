// One vendor's part of the main job, in a process of its own (forked by
// scripts/main-job.ts with the vendor's name and STRATA_JWT_SECRET): starts
// the vendor, runs the whole suite against it, sends the parent the report
// and the vendor's target, and keeps the vendor up for the swap proofs until
// the parent disconnects. A process each, so that one vendor's suite never
// delays another's on a shared event loop (the latency checks compare what
// the caller observed with what the endpoint measured).
import { runConformance, type ConformanceReport } from "@strata/conformance";
import { REFERENCE_VENDORS } from "@strata/reference-impls";
import { startReferenceVendor, type RunningVendor } from "./reference-vendors.js";

/** What the parent receives once the suite has run. */
export interface VendorSuiteResult {
  config: RunningVendor["config"];
  report: ConformanceReport;
}

const name = process.argv[2];
const secret = process.env.STRATA_JWT_SECRET;
const vendor = REFERENCE_VENDORS.find((v) => v.name === name);
if (!vendor || !secret || !process.send) throw new Error(`usage: forked by the main job with a vendor's name (got "${name}") and STRATA_JWT_SECRET`);
const running = await startReferenceVendor(vendor, secret);
process.once("disconnect", () => void running.stop().finally(() => process.exit(0)));
const report = await runConformance(running.config);
process.send({ config: running.config, report } satisfies VendorSuiteResult);
