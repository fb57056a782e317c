import { programReachOf, programReachOptions, type ComputeServerOptions } from "@strata/sdk/compute";
import { REFERENCE_PROGRAMS } from "../../stack/apps/reference-programs.js";
import { Option, parseByteCount, parsePositiveInteger } from "@strata/sdk/vendor-cli";
import type { PoolOptions } from "./pool-backend.js";

/** The command-line options of a pool vendor's hosts. */
export function poolCliOptions(): Option[] {
  return [
    new Option("--hosts <n>", "hosts offered").argParser(parsePositiveInteger),
    new Option("--cores <n>", "cores of each host: units of work running at once").argParser(parsePositiveInteger),
    new Option("--host-memory <bytes>", "memory instances may reserve on each host").argParser(parseByteCount),
    new Option("--reference-programs", "offer the programs of the reference multi-tier application (strata-stack-front, strata-stack-back): FEATURE_COMPUTE_PROGRAMS"),
    ...programReachOptions(),
  ];
}

/** What the flags give the compute kit's programs: which it offers, the LAN and fabric endpoints they call. */
export function programOptionsOf(flags: Record<string, unknown>): Pick<ComputeServerOptions, "programs" | "network" | "fabric"> {
  return { ...(flags.referencePrograms === true ? { programs: REFERENCE_PROGRAMS } : {}), ...programReachOf(flags) };
}

/** The pool options those flags give. */
export function poolOptionsOf(flags: Record<string, unknown>): PoolOptions {
  return {
    hosts: flags.hosts as number | undefined,
    coresPerHost: flags.cores as number | undefined,
    memoryBytesPerHost: flags.hostMemory as bigint | undefined,
  };
}
