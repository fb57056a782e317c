/** One numbered rule: its number and its text with its sub-items, tables left out. */
export interface NumberedRule {
  readonly number: number;
  readonly text: string;
}

const ITEM = /^(\d+)\.\s+(.*)$/;

/**
 * The numbered list that starts at the first line matching `N. ` in `lines`:
 * each rule with its indented continuation lines and sub-items, up to the
 * first line that is neither (a blank line inside a rule is kept when more of
 * the rule follows). Table rows inside a rule are left out.
 *
 * @example
 * numberedRules(["1. **One.** First", "   rule.", "2. Two."]) // [{ number: 1, text: "**One.** First rule." }, { number: 2, text: "Two." }]
 */
export function numberedRules(lines: readonly string[]): NumberedRule[] {
  const rules: Array<{ number: number; parts: string[] }> = [];
  let started = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const item = line.match(ITEM);
    if (item) {
      started = true;
      rules.push({ number: Number(item[1]), parts: [item[2]!] });
      continue;
    }
    if (!started) continue;
    if (line.trim() === "") {
      const next = lines.slice(i + 1).find((l) => l.trim() !== "");
      if (next !== undefined && (/^\s+\S/.test(next) || ITEM.test(next))) continue;
      break;
    }
    if (!/^\s+\S/.test(line)) break;
    const text = line.trim();
    if (text.startsWith("|")) continue;
    rules.at(-1)!.parts.push(text.replace(/^-\s+/, ""));
  }
  return rules.map((r) => ({ number: r.number, text: r.parts.join(" ") }));
}
