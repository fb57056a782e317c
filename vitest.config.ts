import { defineConfig } from "vitest/config";

// Tests import workspace packages from their TypeScript sources (the
// "strata-source" export condition), so no build is needed before testing.
export default defineConfig({
  resolve: { conditions: ["strata-source"] },
  ssr: { resolve: { conditions: ["strata-source"], externalConditions: ["strata-source"] } },
  test: {
    include: ["{sdk,reference-impls,conformance}/src/**/*.spec.ts", "scripts/**/*.spec.ts"],
    // Most of the suite's time is waiting (sample intervals, heartbeats, QoS pacing): two files at a time on two cores.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
