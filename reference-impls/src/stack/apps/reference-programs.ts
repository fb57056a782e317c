import type { ComputeProgram } from "@strata/sdk/compute";
import { backEndProgram } from "./back-end-program.js";
import { frontEndProgram } from "./front-end-program.js";

/** The names the reference application's programs are offered under. */
export const FRONT_END_PROGRAM = "strata-stack-front";
export const BACK_END_PROGRAM = "strata-stack-back";

/**
 * The reference multi-tier application's programs, for a compute endpoint's
 * `programs` option (createComputeServer): a front end and a back end.
 */
export const REFERENCE_PROGRAMS: Readonly<Record<string, ComputeProgram>> = Object.freeze({
  [FRONT_END_PROGRAM]: frontEndProgram,
  [BACK_END_PROGRAM]: backEndProgram,
});
