import type { ConformanceConfigInput } from "../config.js";

/** An endpoint a test started, with the suite's config for it. */
export interface StartedEndpoint {
  readonly config: ConformanceConfigInput;
  /** Shuts the endpoint down and removes what it left on disk. */
  stop(): Promise<void>;
}

/** A vendor with one defect, and the check that must catch it. */
export interface FaultyVendor {
  /** What is wrong, for test titles ("non-idempotent-create"). */
  readonly name: string;
  /** The check that must fail: a substring of its title. */
  readonly check: string;
  /** What its failure must say: a substring, or a pattern of the whole message. */
  readonly message: string | RegExp;
  start(): Promise<StartedEndpoint>;
  /**
   * The same vendor without the defect, which must pass the check, when it
   * is not the layer's clean vendor: for a defect of declaring (a feature
   * offered but not declared), a vendor that neither declares nor offers it.
   */
  startClean?(): Promise<StartedEndpoint>;
}

/**
 * What `layers/<name>/fixtures/index.ts` exports as `fixtures`: a layer's
 * faulty vendors, each proving that a check can fail, and the same vendor
 * without a defect, which must pass every one of those checks. The suite's
 * own tests find them by folder. They stay out of the built package.
 */
export interface LayerFixtures {
  startClean(): Promise<StartedEndpoint>;
  readonly faulty: readonly FaultyVendor[];
}
