import { management } from "@strata/sdk/contracts";
import { Command, Option } from "commander";
import { setTimeout as sleep } from "node:timers/promises";
import { hubConnectionOf, withHubOptions } from "../hub/hub-options.js";
import { createCapacity } from "./create-capacity.js";

const seconds = (value: string) => {
  if (!/^[0-9]+$/.test(value)) throw new Error(`"${value}" is not a whole number of seconds`);
  return Number(value);
};

/**
 * `strata capacity`: reads the hub's stream (the samples it retains, then
 * live ones for --observe-seconds), and prints a capacity report as the
 * proto3 JSON of GetCapacityReportResponse; with --every, one report per
 * that many seconds until stopped.
 */
export function capacityCommand(): Command {
  return withHubOptions(new Command("capacity").description("utilization per resource, pool, instance, port and layer, projected exhaustion and each application's bottleneck, from the hub"))
    .addOption(new Option("--observe-seconds <s>", "how long to follow the live stream before the first report").default("10"))
    .addOption(new Option("--trend-window-seconds <s>", "how far back trends are fitted").default("900"))
    .addOption(new Option("--every <s>", "report again every this many seconds, until stopped"))
    .addOption(new Option("--tenant <id...>", "only these tenants' resources and applications (and shared resources)"))
    .action(async (flags: Record<string, unknown>) => {
      const capacity = createCapacity({ hub: hubConnectionOf(flags), trendWindowNs: BigInt(seconds(flags.trendWindowSeconds as string)) * 1_000_000_000n });
      const stop = new AbortController();
      process.once("SIGINT", () => stop.abort());
      process.once("SIGTERM", () => stop.abort());
      try {
        await Promise.race([capacity.synced, sleep(30_000).then(() => { throw new Error(`the hub ${flags.hub as string} sent no synced stream within 30 s`); })]);
        await sleep(seconds(flags.observeSeconds as string) * 1000, undefined, { signal: stop.signal }).catch(() => {});
        const tenantIds = flags.tenant as string[] | undefined;
        do {
          const report = await capacity.report(tenantIds ? { tenantIds } : {});
          process.stdout.write(`${JSON.stringify(management.GetCapacityReportResponse.toJSON(report), null, 2)}\n`);
          if (!flags.every) break;
          await sleep(seconds(flags.every as string) * 1000, undefined, { signal: stop.signal }).catch(() => {});
        } while (!stop.signal.aborted);
      } finally {
        await capacity.stop();
      }
    });
}
