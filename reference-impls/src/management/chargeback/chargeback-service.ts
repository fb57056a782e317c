import { management } from "@strata/sdk/contracts";
import { defineService, paginate, StrataError } from "@strata/sdk/server";
import { inScope, tenantScope } from "../server/tenant-scope.js";
import type { Ledger } from "./create-ledger.js";
import { pricePeriod, toPeriodMessage } from "./price-period.js";
import type { RateCard } from "./rate-card.js";

/** strata.management.v1.ChargebackService over a ledger, priced by a rate card (docs/management.md, "Chargeback"). */
export function createChargebackService(ledger: Ledger, rateCard: RateCard, maxPageSize = 100) {
  return defineService(management.ChargebackServiceService, {
    async listPeriods(request, ctx) {
      const periods = await ledger.periods();
      const { items, page } = paginate(periods, (p) => p.start.toString().padStart(20, "0"), request.page, { maxPageSize, context: ctx });
      return { periods: items.map(toPeriodMessage), page };
    },

    async getChargebackReport(request, ctx) {
      const start = request.periodStartTimeUnixNano;
      if (start === 0n) throw StrataError.invalidArgument("period_start_time_unix_nano", "required");
      if (start % ledger.periodNs !== 0n) {
        throw StrataError.invalidArgument("period_start_time_unix_nano", `not the start of a period (periods are ${ledger.periodNs} ns long, aligned on the epoch)`);
      }
      const scope = tenantScope(ctx, request.tenantIds);
      const period = await ledger.period(start);
      if (!period) throw StrataError.notFound("period", start.toString());
      return pricePeriod(period, (await ledger.lines(start)).filter((l) => inScope(scope, l.tenantId)), rateCard);
    },
  });
}
