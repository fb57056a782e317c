import { describe, expect, it } from "vitest";
import { SAMPLE_REPORT } from "../fixtures/sample-report.js";
import { formatJunitXml, xmlAttr, xmlText } from "./junit-report.js";

describe("formatJunitXml()", () => {
  it("should write a testsuite per suite and a testcase per check with failure and skipped", () => {
    expect(formatJunitXml(SAMPLE_REPORT)).toBe([
      `<?xml version="1.0" encoding="UTF-8"?>`,
      `<testsuites name="strata-conformance storage" tests="3" failures="1" errors="0" skipped="1" time="1.234" timestamp="2026-01-02T03:04:05.000Z">`,
      `  <testsuite name="common/identity" tests="1" failures="0" errors="0" skipped="0" time="0.003">`,
      `    <testcase classname="common/identity" name="Probe answers ready [identity]" time="0.003"/>`,
      `  </testsuite>`,
      `  <testsuite name="storage/volumes" tests="2" failures="1" errors="0" skipped="1" time="0.013">`,
      `    <testcase classname="storage/volumes" name="CreateVolume &lt;&quot;a&quot; &amp; &apos;b&apos;&gt; [storage]" time="0.013">`,
      `      <failure message="CreateVolume returned a different volume_id:&#10;vol-1 then vol-2" type="conformance">CreateVolume returned a different volume_id:`,
      `vol-1 then vol-2`,
      `attempt 2\uFFFD`,
      `cleanup: DeleteVolume vol-1: UNAVAILABLE "down"</failure>`,
      `    </testcase>`,
      `    <testcase classname="storage/volumes" name="ExpandVolume grows a volume [storage]" time="0.000">`,
      `      <skipped message="endpoint does not declare FEATURE_STORAGE_VOLUME_EXPANSION"/>`,
      `    </testcase>`,
      `  </testsuite>`,
      `</testsuites>`,
      ``,
    ].join("\n"));
  });
});

describe("xmlText() and xmlAttr()", () => {
  it("should escape markup, keep text readable, and replace what XML 1.0 cannot carry", () => {
    expect(xmlText(`a<b>&"c"\n\u0000\uD800`)).toBe(`a&lt;b&gt;&amp;"c"\n\uFFFD\uFFFD`);
    expect(xmlAttr(`"it's"\n\t`)).toBe("&quot;it&apos;s&quot;&#10;&#9;");
  });
});
