import { describe, expect, it } from "vitest";
import { SAMPLE_REPORT } from "../fixtures/sample-report.js";
import { formatJunitXml, xmlAttr, xmlText } from "./junit-report.js";

describe("formatJunitXml()", () => {
  it("should write a testsuite per suite and a testcase per check with failure, skipped, warnings and the requirement ids covered", () => {
    expect(formatJunitXml(SAMPLE_REPORT)).toBe([
      `<?xml version="1.0" encoding="UTF-8"?>`,
      `<testsuites name="strata-conformance fixture" tests="5" failures="1" errors="0" skipped="2" time="1.234" timestamp="2026-01-02T03:04:05.000Z">`,
      `  <testsuite name="common/identity" tests="1" failures="0" errors="0" skipped="0" time="0.003">`,
      `    <testcase classname="common/identity" name="Probe answers ready [identity]" time="0.003">`,
      `      <properties>`,
      `        <property name="covers" value="CORE-SVC-5"/>`,
      `      </properties>`,
      `    </testcase>`,
      `  </testsuite>`,
      `  <testsuite name="fixture/common/pagination" tests="1" failures="0" errors="0" skipped="0" time="0.005">`,
      `    <testcase classname="fixture/common/pagination" name="ThingService.ListThings walks every page [pagination]" time="0.005">`,
      `      <properties>`,
      `        <property name="covers" value="CORE-PAGE-1"/>`,
      `        <property name="covers" value="CORE-PAGE-2"/>`,
      `      </properties>`,
      `    </testcase>`,
      `  </testsuite>`,
      `  <testsuite name="fixture/things" tests="3" failures="1" errors="0" skipped="2" time="0.020">`,
      `    <testcase classname="fixture/things" name="CreateThing &lt;&quot;a&quot; &amp; &apos;b&apos;&gt; [things]" time="0.013">`,
      `      <failure message="CreateThing returned a different thing_id:&#10;thing-1 then thing-2" type="conformance">CreateThing returned a different thing_id:`,
      `thing-1 then thing-2`,
      `attempt 2\uFFFD`,
      `cleanup: DeleteThing thing-1: UNAVAILABLE "down"</failure>`,
      `    </testcase>`,
      `    <testcase classname="fixture/things" name="ExpandThing grows a thing [things]" time="0.000">`,
      `      <skipped message="endpoint does not declare FEATURE_TOPOLOGY_HISTORY"/>`,
      `    </testcase>`,
      `    <testcase classname="fixture/things" name="Old things are gone from history [things]" time="0.007">`,
      `      <properties>`,
      `        <property name="status" value="warning"/>`,
      `        <property name="covers" value="TOPO-GET-1"/>`,
      `      </properties>`,
      `      <skipped message="WARNING: the history is too long to pass its end within the check&apos;s budget"/>`,
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
