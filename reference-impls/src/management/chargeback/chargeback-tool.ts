import { Option } from "commander";
import type { ManagementTool } from "../server/management-tool.js";
import { createChargeback } from "./create-chargeback.js";
import { ledgerOptions, openLedgerOf, positiveSecondsNs } from "./ledger-flags.js";

/**
 * The chargeback tool under `strata manage`: ChargebackService over a ledger
 * it keeps from the hub's stream, in PostgreSQL (--database-url) or the
 * embedded PGlite (in --data-dir, else in memory).
 */
export const chargebackTool: ManagementTool = {
  name: "chargeback",
  options: () => [
    ...ledgerOptions(),
    new Option("--grace-seconds <s>", "chargeback: how long after its end a period closes").default("30"),
  ],
  async start({ hub, flags, dataDir }) {
    const graceNs = positiveSecondsNs(flags.graceSeconds as string);
    const { database, rateCard, periodNs } = await openLedgerOf({ ...flags, dataDir });
    try {
      const tool = await createChargeback({ hub, database, rateCard, periodNs, graceNs });
      return {
        serves: { chargeback: { ledger: tool.ledger, rateCard } },
        synced: tool.synced,
        live: tool.live,
        async stop() {
          await tool.stop();
          await database.close();
        },
      };
    } catch (error) {
      await database.close();
      throw error;
    }
  },
};
