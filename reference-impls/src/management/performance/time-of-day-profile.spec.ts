import { describe, expect, it } from "vitest";
import { RobustBaseline } from "./robust-baseline.js";

const MINUTE = 60_000_000_000n;
const DAY = 24n * 60n * MINUTE;
const MS = 1e6;
/** A daily pattern: 50 ms during working hours (09:00–17:00 UTC), 5 ms at night, a little jitter. */
const daily = (t: bigint, i: number) => {
  const hour = Number((t % DAY) / (60n * MINUTE));
  return (hour >= 9 && hour < 17 ? 50 * MS : 5 * MS) * (1 + ((i * 7) % 5) / 100);
};

/** Feeds `days` days of the pattern, one interval every 10 minutes, to a baseline; returns how many anomalies each day raised. */
function feed(baseline: RobustBaseline, fromDay: number, days: number): number[] {
  const raisedPerDay: number[] = [];
  for (let day = fromDay; day < fromDay + days; day++) {
    let raised = 0;
    for (let i = 0; i < 144; i++) {
      const t = BigInt(day) * DAY + BigInt(i + 1) * 10n * MINUTE - 1n;
      if (baseline.observe(daily(t, i), t).raised) raised++;
    }
    raisedPerDay.push(raised);
  }
  return raisedPerDay;
}

describe("TimeOfDayProfile (through RobustBaseline)", () => {
  it("should raise nothing on a daily pattern once three days are learnt, and raise the same value at the wrong hour", () => {
    const baseline = new RobustBaseline();
    const learning = feed(baseline, 100, 3);
    // Before the profile is in use, the recent window calls the working day an anomaly: expected, the data does not allow better yet.
    expect(learning[0]).toBeGreaterThan(0);
    expect(feed(baseline, 103, 2)).toEqual([0, 0]);

    // 50 ms at 03:00, three intervals running: normal at 10:00, not at night.
    const night = 105n * DAY + 3n * 60n * MINUTE;
    const judged = [0, 1, 2].map((i) => baseline.observe(50 * MS, night + BigInt(i) * 10n * MINUTE));
    expect(baseline.timeOfDay).toBe(true);
    expect(judged.map((j) => j.out)).toEqual([true, true, true]);
    expect(judged.at(-1)!.raised).toBe(true);
    expect(baseline.center()).toBeLessThan(6 * MS);
  });

  it("should judge by the recent window without times, or with the profile turned off", () => {
    const baseline = new RobustBaseline({ timeOfDay: false });
    expect(feed(baseline, 100, 5).every((raised) => raised > 0)).toBe(true);
    expect(baseline.timeOfDay).toBe(false);
  });
});
