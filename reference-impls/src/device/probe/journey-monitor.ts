import type { TransactionIssuer } from "@strata/sdk/device";
import { devicesOf, patternPayload } from "../shared/own-traffic.js";

/** One step of a scripted journey: what the user does, and how many bytes it sends. */
export interface ScriptedStep {
  transactionName: string;
  payloadBytes: number;
}

/** A journey the monitor runs from its devices on a schedule. */
export interface ScriptedJourney {
  name: string;
  steps: readonly ScriptedStep[];
}

export interface MonitorOptions {
  journeys: readonly ScriptedJourney[];
  /** How often each device runs every journey, ms. */
  everyMs: number;
  /** The tenants whose devices run them; every tenant's when empty. */
  tenants?: readonly string[];
}

/**
 * Synthetic monitoring: every everyMs, each device of the monitored tenants
 * runs every journey, its steps in order, each step issued once the one
 * before answered, stopping at the first failed step, exactly as RunJourney
 * does. A step's payload depends only on the journey, the step and its size,
 * so that every run repeats the last. A device still running its journeys
 * when the next round comes skips that round.
 */
export class JourneyMonitor {
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<string>();
  /** Journeys run so far, and how many of them completed. */
  readonly counts = { runs: 0, completed: 0 };

  constructor(private readonly options: MonitorOptions, private readonly issuer: TransactionIssuer) {}

  start(): void {
    if (this.options.journeys.length === 0) return;
    this.timer = setInterval(() => this.round(), this.options.everyMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Runs every journey from every monitored device not already at it. */
  round(): Promise<void> {
    const runs = devicesOf(this.issuer, this.options.tenants)
      .filter((d) => !this.running.has(d.deviceId))
      .map(async ({ deviceId }) => {
        this.running.add(deviceId);
        try {
          for (const journey of this.options.journeys) await this.run(deviceId, journey);
        } finally {
          this.running.delete(deviceId);
        }
      });
    return Promise.all(runs).then(() => undefined);
  }

  private async run(deviceId: string, journey: ScriptedJourney): Promise<void> {
    this.counts.runs++;
    for (const [i, step] of journey.steps.entries()) {
      const report = await this.issuer.issue(deviceId, {
        transactionName: step.transactionName,
        payload: patternPayload(`${journey.name}/${i + 1}/${step.transactionName}`, step.payloadBytes),
        journey: { name: journey.name, step: i + 1 },
      }).catch(() => undefined);
      if (!report || report.statusCode !== 0) return;
    }
    this.counts.completed++;
  }
}
