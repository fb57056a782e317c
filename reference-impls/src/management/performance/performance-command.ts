import { management } from "@strata/sdk/contracts";
import { Command, Option } from "commander";
import { hubConnectionOf, withHubOptions } from "../hub/hub-options.js";
import { createPerformance } from "./create-performance.js";

/**
 * `strata performance`: follows the hub's derived latency samples, learns a
 * baseline per application, layer and percentile, and prints each anomaly
 * as it is raised (one proto3 JSON Anomaly per line) on stdout; on SIGINT or
 * SIGTERM, the baselines learnt (proto3 JSON, one per line) on stderr.
 */
export function performanceCommand(): Command {
  return withHubOptions(new Command("performance").description("response-time baselines per application and layer from the hub, and anomalies naming the layer that left its baseline"))
    .addOption(new Option("--tenant <id...>", "only these tenants' anomalies"))
    .action(async (flags: Record<string, unknown>) => {
      const tenants = flags.tenant as string[] | undefined;
      const performance = createPerformance({
        hub: hubConnectionOf(flags),
        onAnomaly: (anomaly) => {
          if (!tenants || tenants.includes(anomaly.tenantId)) process.stdout.write(`${JSON.stringify(management.Anomaly.toJSON(anomaly))}\n`);
        },
      });
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await performance.stop();
      for (const a of performance.tracker.applications()) {
        for (const b of performance.tracker.baselines(a.tenantId, a.applicationId)) process.stderr.write(`${JSON.stringify(management.Baseline.toJSON(b))}\n`);
      }
    });
}
