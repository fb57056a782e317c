// The hub's part of the main job, in a process of its own (forked by
// scripts/main-job.ts with STRATA_JWT_SECRET and, as JSON in argv, the
// configs of the vendors the hub subscribes to, one per layer, the first
// being the one the suite drives traffic on): starts the reference hub over
// them with JWT authentication, calling them as their operator (the first
// through a relay the suite can cut), waits until
// it holds a synced stream of each, runs the hub's conformance module against
// it and then the management module against `strata manage` over the same hub
// (main-job/management-suite.ts), sends the parent both reports, and stops the hub.
import { connect } from "@strata/sdk/client";
import { createStreamRelay, runHubConformance, type ConformanceConfigInput, type ConformanceReport } from "@strata/conformance";
import { createHubServer } from "@strata/reference-impls";
import { setTimeout as sleep } from "node:timers/promises";
import { runManagementSuite, type ManagementSuiteResult } from "./management-suite.js";
import { suiteTokens } from "./suite-tokens.mjs";

/** What the parent receives once the suite has run. */
export interface HubSuiteResult {
  target: string;
  endpoints: string[];
  report: ConformanceReport;
  /** The management module's run against `strata manage` reading this hub. */
  management: ManagementSuiteResult;
}

const secret = process.env.STRATA_JWT_SECRET;
const behind = JSON.parse(process.argv[2] ?? "[]") as ConformanceConfigInput[];
if (!secret || !process.send || behind.length === 0) throw new Error("usage: forked by the main job with STRATA_JWT_SECRET and the configs of the vendors behind the hub");
const tokens = await suiteTokens(secret);
// The hub reads the endpoint the suite drives through a relay the suite can cut, so that the disturbance check runs.
const relay = await createStreamRelay(behind[0]!.target);
const hub = createHubServer({
  endpoints: behind.map((config, i) => ({ target: i === 0 ? relay.address : config.target, auth: { token: tokens.operator } })),
  auth: { jwt: { secret } },
  sampleIntervalMs: 250,
  stitching: { settleMs: 500 },
  // A short history of the merged graph, so that the history checks reach past it. The telemetry log keeps
  // its default window, larger than a subscriber's buffer, so that a slow reader's loss is counted in its Gap.
  topologyRetainedChanges: 200,
});
const target = await hub.listen("127.0.0.1:0");
const probe = connect(target, { auth: { none: true } });
for (let i = 0; i < 400 && !(await probe.identity.probe({})).ready; i++) await sleep(25);
probe.close();
try {
  const report = await runHubConformance({ target, credentials: behind[0]!.credentials }, { behind: behind[0]!, relay });
  const management = await runManagementSuite(target, behind[0]!, tokens.operator);
  process.send({ target, endpoints: behind.map((c) => c.target), report, management } satisfies HubSuiteResult);
} finally {
  await hub.shutdown(500);
  await relay.close();
}
process.disconnect();
