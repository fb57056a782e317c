import { BaseSequencer, type TestSpecification } from "vitest/node";
import { defineConfig } from "vitest/config";

// The files known to take a minute or more (the faulty-vendor proofs of each layer), then those of
// twenty seconds or so: started first, so that two workers end together instead of one finishing a
// long file alone. Vitest orders by the durations it cached, which a clean checkout (CI) has not.
const LONGEST_FIRST = [/-faulty-vendors\.spec\.ts$/, /(variant-vendors|management-swap|noisy-neighbour|swap-demo|proto-breaking|manage-stack)\.spec\.ts$/];

class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = LONGEST_FIRST.findIndex((pattern) => pattern.test(file.moduleId));
      return index < 0 ? LONGEST_FIRST.length : index;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

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
    sequence: { sequencer: LongestFirstSequencer },
  },
});
