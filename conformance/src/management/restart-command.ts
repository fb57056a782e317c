import { connect } from "@strata/sdk/client";
import { exec } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import type { ConformanceConfig } from "../config.js";

/**
 * A restart of the management endpoint by a shell command the vendor gives
 * (`--management-restart "systemctl restart strata-manage"`): it runs the
 * command, then waits until the endpoint answers Probe ready again, within
 * the check's deadline.
 */
export function restartByCommand(command: string, config: Pick<ConformanceConfig, "target" | "timeoutMs">): () => Promise<void> {
  return async () => {
    await promisify(exec)(command, { timeout: config.timeoutMs });
    const probe = connect(config.target, { auth: { none: true }, timeoutMs: 1_000 });
    try {
      const deadline = Date.now() + config.timeoutMs;
      for (;;) {
        if (await probe.identity.probe({}).then((a) => a.ready, () => false)) return;
        if (Date.now() > deadline) throw new Error(`the management endpoint ${config.target} was not ready within ${config.timeoutMs} ms of the restart command "${command}"`);
        await sleep(100);
      }
    } finally {
      probe.close();
    }
  };
}
