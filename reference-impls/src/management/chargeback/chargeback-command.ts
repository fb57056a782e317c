import { management } from "@strata/sdk/contracts";
import { Command, Option } from "commander";
import { hubConnectionOf, withHubOptions } from "../hub/hub-options.js";
import { createChargeback } from "./create-chargeback.js";
import { createLedger } from "./create-ledger.js";
import { ledgerOptions, openLedgerOf, positiveSecondsNs } from "./ledger-flags.js";
import { pricePeriod } from "./price-period.js";
import { DEFAULT_RATE_CARD } from "./rate-card.js";
import { reportsToCsv } from "./report-csv.js";

/** The ledger flags both subcommands share. */
function withLedgerOptions(command: Command): Command {
  command.addOption(new Option("--data-dir <dir>", "directory of the embedded ledger (PGlite); in memory without it"));
  for (const option of ledgerOptions()) command.addOption(option);
  return command;
}

/**
 * `strata chargeback`: `run` keeps the ledger from the hub's stream;
 * `report` prints a period's priced charges (JSON or CSV); `periods` lists
 * the periods; `rate-card` prints the bundled rate card to start one's own.
 */
export function chargebackCommand(): Command {
  const command = new Command("chargeback").description("per-tenant usage and transactions by response-time band, priced by a rate card, from the hub's stream");

  withLedgerOptions(withHubOptions(command.command("run").description("read the hub's stream into the ledger until stopped (SIGINT, SIGTERM)")))
    .addOption(new Option("--grace-seconds <s>", "how long after its end a period closes").default("30"))
    .action(async (flags: Record<string, unknown>) => {
      const { database, rateCard, periodNs } = await openLedgerOf(flags);
      const tool = await createChargeback({ hub: hubConnectionOf(flags), database, rateCard, periodNs, graceNs: positiveSecondsNs(flags.graceSeconds as string) });
      console.error(`strata chargeback: ledger on ${database.engine}, periods of ${periodNs / 1_000_000_000n} s, reading ${flags.hub as string}`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await tool.stop();
      await database.close();
    });

  withLedgerOptions(command.command("report").description("print priced charges: one period, or every closed one"))
    .addOption(new Option("--period-start <time>", "the period's start (ISO 8601 or UNIX epoch ns)"))
    .addOption(new Option("--tenant <id...>", "only these tenants"))
    .addOption(new Option("--format <format>", "output format").choices(["json", "csv"]).default("json"))
    .action(async (flags: Record<string, unknown>) => {
      const { database, rateCard, periodNs } = await openLedgerOf(flags);
      try {
        const ledger = await createLedger(database, periodNs);
        const start = flags.periodStart as string | undefined;
        const periods = start === undefined
          ? (await ledger.periods()).filter((p) => p.closed)
          : [await ledger.period(/^\d+$/.test(start) ? BigInt(start) : BigInt(Date.parse(start)) * 1_000_000n)];
        if (periods.some((p) => p === undefined)) throw new Error(`the ledger holds no period starting at ${start}`);
        const tenants = flags.tenant as string[] | undefined;
        const reports = await Promise.all(periods.map(async (p) => {
          const report = pricePeriod(p!, await ledger.lines(p!.start), rateCard);
          if (tenants) report.tenants = report.tenants.filter((t) => tenants.includes(t.tenantId));
          return report;
        }));
        process.stdout.write(flags.format === "csv"
          ? reportsToCsv(reports)
          : `${JSON.stringify(reports.map((r) => management.GetChargebackReportResponse.toJSON(r)), null, 2)}\n`);
      } finally {
        await database.close();
      }
    });

  withLedgerOptions(command.command("periods").description("list the ledger's periods")).action(async (flags: Record<string, unknown>) => {
    const { database, periodNs } = await openLedgerOf(flags);
    try {
      const periods = await (await createLedger(database, periodNs)).periods();
      process.stdout.write(`${JSON.stringify(periods.map((p) => ({ ...p, start: String(p.start), end: String(p.end), closedWatermark: String(p.closedWatermark), lateRecords: String(p.lateRecords) })), null, 2)}\n`);
    } finally {
      await database.close();
    }
  });

  command.command("rate-card").description("print the bundled rate card (JSON), to copy and edit").action(() => {
    process.stdout.write(`${JSON.stringify(DEFAULT_RATE_CARD, null, 2)}\n`);
  });
  return command;
}
