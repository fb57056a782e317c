import { MATURITIES, type Maturity } from "./maturity.js";

/** What a comment says about maturity: nothing, a maturity, or a malformed tag. */
export type MaturityTag = { maturity?: Maturity; error?: string };

const TAG_LINE = /^maturity\s*:/i;
const EXACT = /^Maturity: (development|beta|stable)\.$/;

/**
 * Reads the maturity tag of a leading comment: a line that reads exactly
 * `Maturity: development.`, `Maturity: beta.` or `Maturity: stable.`.
 * A line that starts like a tag but is not one, or a second tag, is an error,
 * so that a typo never silently leaves an element at its parent's maturity.
 *
 * @example parseMaturityTag(" Limits are ...\n\n Maturity: stable.\n") // { maturity: "stable" }
 */
export function parseMaturityTag(comment: string | undefined): MaturityTag {
  const lines = (comment ?? "").split("\n").map((l) => l.trim()).filter((l) => TAG_LINE.test(l));
  if (lines.length === 0) return {};
  const allowed = MATURITIES.map((m) => `"Maturity: ${m}."`).join(", ");
  if (lines.length > 1) return { error: `more than one maturity tag (${lines.join(" / ")})` };
  const match = EXACT.exec(lines[0]);
  if (!match) return { error: `malformed maturity tag "${lines[0]}": write one of ${allowed}` };
  return { maturity: match[1] as Maturity };
}
