import { defineConfig } from "vitest/config";

// Tests import workspace packages from their TypeScript sources (the
// "strata-source" export condition), so no build is needed before testing.
export default defineConfig({
  resolve: { conditions: ["strata-source"] },
  ssr: { resolve: { conditions: ["strata-source"], externalConditions: ["strata-source"] } },
  test: {
    include: ["{sdk,reference-impls,conformance}/src/**/*.spec.ts", "scripts/**/*.spec.ts"],
    // Three spec files at once even on 2 cores (vitest's default there is one): the long files run a
    // conformance suite against live endpoints and mostly wait on sample intervals and pacing (`--maxWorkers` overrides).
    maxWorkers: 3,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
