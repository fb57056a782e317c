import { describe, expect, it } from "vitest";
import { SAMPLE_REPORT } from "../fixtures/sample-report.js";
import { createRegistry } from "../registry/check-registry.js";
import { createHumanReporter, formatResult, formatSummary } from "./human-reporter.js";

function output(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (text: string) => chunks.push(text) };
}

describe("createHumanReporter()", () => {
  it("should print a line per check under a heading per layer, messages indented, and the summary on its own last line", () => {
    const out = output(false);
    const reporter = createHumanReporter(out);
    SAMPLE_REPORT.results.forEach((result, i) => reporter.onResult(result, i, 5));
    reporter.onEnd({ ...SAMPLE_REPORT, uncheckedLayers: ["LAYER_COMPUTE"], untestedFeatures: ["FEATURE_STORAGE_SNAPSHOTS"] });
    expect(out.chunks.join("")).toBe([
      "── common",
      "✓ Probe answers ready [identity] (3 ms)",
      "",
      "── fixture",
      "✓ ThingService.ListThings walks every page [pagination] (5 ms)",
      `✗ CreateThing <"a" & 'b'> [things] (13 ms)`,
      "    CreateThing returned a different thing_id:",
      "    thing-1 then thing-2",
      '    cleanup: DeleteThing thing-1: UNAVAILABLE "down"',
      "    log: attempt 2\u0001",
      "- skip ExpandThing grows a thing [things] (0 ms)",
      "    endpoint does not declare FEATURE_TOPOLOGY_HISTORY",
      "! warn Old things are gone from history [things] (7 ms)",
      "    the history is too long to pass its end within the check's budget",
      "",
      "conformance of 127.0.0.1:7001 (Acme thingstore 1.2.3), common checks and layer fixture; no module checks LAYER_COMPUTE; "
        + "no check tests the declared FEATURE_STORAGE_SNAPSHOTS, in 1.23 s",
      "2 passed, 1 failed, 1 skipped, 1 warning",
      "",
    ].join("\n"));
  });

  it("should draw progress only on a TTY, and clear it before the result line", () => {
    const check = createRegistry().check("Probe answers ready [identity]", {}, () => {});
    const plain = output(false);
    createHumanReporter(plain).onStart(check, 0, 12);
    expect(plain.chunks).toEqual([]);

    const tty = output(true);
    const reporter = createHumanReporter(tty);
    reporter.onStart(check, 0, 12);
    reporter.onResult(SAMPLE_REPORT.results[0]!, 0, 12);
    expect(tty.chunks[0]).toMatch(/^\r\x1b\[2K. \[1\/12\] Probe answers ready \[identity\] \(0\.0 s\)$/);
    expect(tty.chunks.slice(-3)).toEqual(["\r\x1b[2K", "── common\n", "✓ Probe answers ready [identity] (3 ms)\n"]);
  });
});

describe("formatSummary()", () => {
  it("should say N passed, N failed, N skipped, and the warnings when there are any", () => {
    expect(formatSummary({ passed: 12, failed: 0, skipped: 3, warnings: 0 })).toBe("12 passed, 0 failed, 3 skipped");
    expect(formatSummary({ passed: 12, failed: 0, skipped: 3, warnings: 2 })).toBe("12 passed, 0 failed, 3 skipped, 2 warnings");
  });
});

describe("formatResult()", () => {
  it("should not print the log of a passing check", () => {
    expect(formatResult({ ...SAMPLE_REPORT.results[0]!, logs: ["noise"] })).toBe("✓ Probe answers ready [identity] (3 ms)");
  });
});
