import type { MetricSample, RequestRecord } from "../../gen/strata/telemetry/v1/records.js";
import { Mode, type Selector } from "../../gen/strata/telemetry/v1/telemetry.js";
import { FIXTURE_CATALOGUE } from "../../testing/fixture-layer.js";
import { createTelemetryRecorder, type TelemetryRecorder, type TelemetryRecorderOptions } from "../telemetry-recorder.js";
import { OPERATOR, startTelemetryServer, type TelemetryTestServer } from "./start-telemetry-server.js";
import { readOnce } from "./stream-reader.js";

export const SECOND = 1_000_000_000n;
/** Where a clocked recorder's clock starts, UNIX epoch ns. */
export const T0 = 1_700_000_000n * SECOND;

/**
 * A fixture-layer recorder on a clock the test moves (so samples are exact),
 * served over real gRPC to an operator. start() in each test, close() after.
 */
export class ClockedRecorder {
  clock = T0;
  private current: { recorder: TelemetryRecorder; server: TelemetryTestServer } | undefined;

  get recorder(): TelemetryRecorder {
    if (!this.current) throw new Error("ClockedRecorder: start() first");
    return this.current.recorder;
  }

  /** The gRPC server the recorder is served on. */
  get server(): TelemetryTestServer {
    if (!this.current) throw new Error("ClockedRecorder: start() first");
    return this.current.server;
  }

  async start(options: Partial<TelemetryRecorderOptions> = {}): Promise<TelemetryRecorder> {
    this.clock = T0;
    const recorder = createTelemetryRecorder({ catalogue: FIXTURE_CATALOGUE, now: () => this.clock, ...options });
    this.current = { recorder, server: await startTelemetryServer(recorder.subscribe, { principal: OPERATOR }) };
    return recorder;
  }

  /** Moves the clock on, ends the interval, and returns the samples it logged that the selector matches. */
  async tick(advance = SECOND, selector: Partial<Selector> = {}): Promise<MetricSample[]> {
    const before = this.recorder.stats().head;
    this.clock += advance;
    this.recorder.flush();
    const messages = await readOnce(this.current!.server.client(), { mode: Mode.MODE_ONCE, selector });
    return messages.flatMap((m) => m.batch?.samples ?? []).filter((s) => Number(s.sequence) > before);
  }

  /** Every request record retained. */
  async records(): Promise<RequestRecord[]> {
    const messages = await readOnce(this.current!.server.client(), { mode: Mode.MODE_ONCE, selector: { includeRecords: true, excludeSamples: true } });
    return messages.flatMap((m) => m.batch?.records ?? []);
  }

  async close(): Promise<void> {
    this.current?.recorder.close();
    await this.current?.server.close();
    this.current = undefined;
  }
}
