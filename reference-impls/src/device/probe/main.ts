import { accessEndpointOptions, accessRouteOf } from "@strata/sdk/device";
import { InvalidArgumentError, Option, parsePositiveInteger, runVendorCli } from "@strata/sdk/vendor-cli";
import { tenantOption } from "../shared/tenant-option.js";
import { createProbeServer } from "./create-probe-server.js";
import type { ScriptedJourney } from "./journey-monitor.js";
import { parseJourney } from "./parse-journey.js";

await runVendorCli({
  name: "strata-device-probe",
  description: "Strata reference device vendor: scripted synthetic-monitoring probes, each transaction a fresh TCP connection "
    + "to the echo application, answers asserted, journeys run on a schedule",
  version: "0.1.0",
  options: [
    new Option("--journey <name=transaction:bytes,...>", "a journey the probes run on their schedule (repeatable)").argParser(
      (value: string, previous: ScriptedJourney[] | undefined) => {
        try {
          return [...(previous ?? []), parseJourney(value)];
        } catch (error) {
          throw new InvalidArgumentError((error as Error).message);
        }
      },
    ),
    new Option("--every <ms>", "how often each probe runs its journeys (default 60000)").argParser(parsePositiveInteger),
    tenantOption("--monitor-tenant", "the monitoring"),
    ...accessEndpointOptions(),
  ],
  create: async ({ auth, sampleIntervalMs, flags }) => createProbeServer({
    auth, sampleIntervalMs, route: accessRouteOf(flags),
    monitor: {
      journeys: (flags.journey as ScriptedJourney[] | undefined) ?? [],
      everyMs: (flags.every as number | undefined) ?? 60_000,
      tenants: flags.monitorTenant as string[] | undefined,
    },
  }),
});
