// The management part of the main job, run in the hub's process once the hub's
// suite is done (scripts/main-job/hub-suite.ts): `strata manage` with every
// tool, assurance included, over the main job's hub, as its command line starts
// it (JWT authentication with the run's secret, the hub called with the
// operator's token from a file, the ledger in a data directory), then the
// management module of the conformance suite against it, traffic made on the
// vendor the hub's suite drove, and the endpoint restarted in place for the
// checks of what survives a restart.
import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runManagementConformance, type ConformanceConfigInput, type ConformanceReport } from "@strata/conformance";
import { manageEndpoint } from "@strata/reference-impls";
import { connect } from "@strata/sdk/client";
import { runVendorCli, type RunningVendor } from "@strata/sdk/vendor-cli";
import { setTimeout as sleep } from "node:timers/promises";

/** What the management run gives the parent. */
export interface ManagementSuiteResult {
  target: string;
  report: ConformanceReport;
}

/**
 * Chargeback periods of 1 s closing 1 s after their end, so that a check
 * sees one close within its deadline; every tool, assurance included (it acts
 * on the layers, so it runs only when named).
 */
const MANAGE_FLAGS = ["--tools", "capacity", "chargeback", "performance", "assurance", "--period-seconds", "1", "--grace-seconds", "1"];

/** Starts `strata manage` over the hub at `listen`; resolves once it serves (its probe is ready once every tool follows the hub). */
async function startManage(listen: string, hubTarget: string, hubTokenFile: string, dataDir: string): Promise<RunningVendor> {
  const errors: string[] = [];
  const running = await runVendorCli(manageEndpoint(), {
    argv: ["node", "strata manage", "--listen", listen, "--hub", hubTarget, "--hub-token-file", hubTokenFile, "--data-dir", dataDir, ...MANAGE_FLAGS],
    env: process.env, out: () => {}, err: (line) => errors.push(line), exit: () => {}, signals: new EventEmitter(),
  });
  if (!running) throw new Error(`strata manage did not start: ${errors.join("; ")}`);
  const probe = connect(running.addresses[0]!, { auth: { none: true } });
  try {
    for (let i = 0; i < 400 && !(await probe.identity.probe({}).then((a) => a.ready, () => false)); i++) await sleep(50);
  } finally {
    probe.close();
  }
  return running;
}

/**
 * Runs the management module against a reference management endpoint over
 * the hub at `hubTarget`, whose operator token is `operatorToken`; `behind`
 * is the vendor behind the hub the suite makes traffic on (its credentials are
 * the suite's three identities, with the JWT secret of STRATA_JWT_SECRET).
 */
export async function runManagementSuite(hubTarget: string, behind: ConformanceConfigInput, operatorToken: string): Promise<ManagementSuiteResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "strata-manage-"));
  const hubTokenFile = join(dataDir, "hub.token");
  writeFileSync(hubTokenFile, operatorToken, { mode: 0o600 });
  let running = await startManage("127.0.0.1:0", hubTarget, hubTokenFile, dataDir);
  const target = running.addresses[0]!;
  try {
    const report = await runManagementConformance({ target, credentials: behind.credentials }, {
      hub: { target: hubTarget, credentials: behind.credentials },
      behind,
      restart: async () => {
        await running.stop();
        running = await startManage(target, hubTarget, hubTokenFile, dataDir);
      },
    });
    return { target, report };
  } finally {
    await running.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
