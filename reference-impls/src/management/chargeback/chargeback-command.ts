import { management } from "@strata/sdk/contracts";
import { Command, Option } from "commander";
import { hubConnectionOf, withHubOptions } from "../hub/hub-options.js";
import { createChargeback } from "./create-chargeback.js";
import { createLedger } from "./create-ledger.js";
import { openLedgerDatabase } from "./open-ledger-database.js";
import { pricePeriod } from "./price-period.js";
import { DEFAULT_RATE_CARD, readRateCard } from "./rate-card.js";
import { reportsToCsv } from "./report-csv.js";

const DATABASE_URL_ENV = "STRATA_CHARGEBACK_DATABASE_URL";
const seconds = (value: string) => {
  if (!/^[1-9][0-9]*$/.test(value)) throw new Error(`"${value}" is not a whole number of seconds, at least 1`);
  return BigInt(value) * 1_000_000_000n;
};

/** The ledger flags both subcommands share. */
function withLedgerOptions(command: Command): Command {
  return command
    .addOption(new Option("--database-url <url>", `PostgreSQL server for the ledger (or set ${DATABASE_URL_ENV}); embedded PGlite without it`))
    .addOption(new Option("--data-dir <dir>", "directory of the embedded ledger (PGlite); in memory without it"))
    .addOption(new Option("--period-seconds <s>", "length of a period, seconds").default("3600"))
    .addOption(new Option("--rate-card <file>", "rate card, JSON (docs/chargeback.md); the bundled one without it"));
}

const openLedger = async (flags: Record<string, unknown>) => {
  const databaseUrl = (flags.databaseUrl as string | undefined) ?? process.env[DATABASE_URL_ENV];
  const database = await openLedgerDatabase({
    ...(databaseUrl ? { databaseUrl } : {}), ...(flags.dataDir ? { dataDir: flags.dataDir as string } : {}),
  });
  const rateCard = flags.rateCard ? await readRateCard(flags.rateCard as string) : DEFAULT_RATE_CARD;
  return { database, rateCard, periodNs: seconds(flags.periodSeconds as string) };
};

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
      const { database, rateCard, periodNs } = await openLedger(flags);
      const tool = await createChargeback({ hub: hubConnectionOf(flags), database, rateCard, periodNs, graceNs: seconds(flags.graceSeconds as string) });
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
      const { database, rateCard, periodNs } = await openLedger(flags);
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
    const { database, periodNs } = await openLedger(flags);
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
