// Mutation testing of the storage conformance suite (`npm run mutation`, not
// part of CI or `npm test`): mutates the storage kit and memstore, and for
// each mutant runs scripts/mutation/run-storage-suite.ts, which starts
// memstore in-process from the (mutated) sources and runs the storage module
// and the common suites against it; a failed check kills the mutant.
//
// Two runs at a time: a run mostly waits (timers, loopback calls), but the checks of rates and
// latencies gave way with four at a time on two cores shared with other work (docs/conformance.md).
//
// In place: the workspace packages resolve through node_modules/@strata/* to
// the original folders, so a sandboxed copy would not run the mutants. The
// mutants are switched at run time by the command's environment, so two runs
// share the tree. Stryker restores the files when it ends; interrupted, it
// restores them on its next start (check `git status`).
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "command",
  commandRunner: { command: "node --conditions=strata-source --import tsx scripts/mutation/run-storage-suite.ts" },
  inPlace: true,
  concurrency: 2,
  coverageAnalysis: "off",
  // A run takes about 25 s alone, but over 2 minutes on a 2-core machine loaded to 25 (measured):
  // a mutant is cut at 1.5 × the dry run + 150 s, so that a slow survivor is never counted a timeout.
  timeoutMS: 150_000,
  timeoutFactor: 1.5,
  dryRunTimeoutMinutes: 5,
  // tsx runs the sources without type checks: no file needs a @ts-nocheck.
  disableTypeChecks: false,
  mutate: [
    "sdk/src/layers/storage/*.ts",
    "!sdk/src/layers/storage/*.spec.ts",
    // Re-exports and generated types: nothing to mutate.
    "!sdk/src/layers/storage/index.ts",
    "!sdk/src/layers/storage/contracts.ts",
    // Not on memstore's path: the command-line flags and the on-disk journal (blockfile's).
    "!sdk/src/layers/storage/storage-cli.ts",
    "!sdk/src/layers/storage/journal-files.ts",
    "reference-impls/src/storage/memstore/*.ts",
    "!reference-impls/src/storage/memstore/*.spec.ts",
    "!reference-impls/src/storage/memstore/index.ts",
    "!reference-impls/src/storage/memstore/main.ts",
  ],
  reporters: ["progress-append-only", "clear-text", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/storage.json" },
  htmlReporter: { fileName: "reports/mutation/storage.html" },
  tempDirName: ".stryker-tmp",
};
