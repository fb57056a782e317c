import type { ClientAuth } from "@strata/sdk/client";
import { telemetry, type management } from "@strata/sdk/contracts";
import { connectHub, type HubConnection } from "../hub/connect-hub.js";
import { createLiveness } from "../hub/create-liveness.js";
import { createActionLog, type ActionLog } from "./action-log.js";
import { TRANSACTION_LATENCY, TRANSACTION_LAYER_TIME } from "./application-windows.js";
import { connectControls, type LayerEndpoints } from "./connect-controls.js";
import { createAssuranceController, type AssuranceController, type ControllerOptions } from "./create-assurance-controller.js";
import type { LayerControl, Squeeze } from "./layer-control.js";
import { createSlaStore, type SlaStore } from "./sla-store.js";

/** The heartbeat interval of the controller's stream of the hub. */
const HEARTBEAT_NS = 1_000_000_000n;

export interface AssuranceOptions extends ControllerOptions {
  hub: HubConnection;
  /** The layer endpoints to control; a layer left out takes the endpoints the hub lists for it. */
  endpoints?: LayerEndpoints;
  /** The credentials the layers' control RPCs are called with (the operator role); default: the hub's. */
  controlAuth?: ClientAuth;
  /** The SLAs to start with. */
  slas?: readonly management.Sla[];
  squeeze?: Squeeze;
  /** Called with each audited action as it is taken. */
  onAction?: (action: management.SlaAction) => void;
  onError?: (error: unknown) => void;
  /** Wraps the layer controls before the controller gets them (the conformance suite plants its faulty controllers' defects here). */
  wrapControls?: (controls: LayerControl[]) => LayerControl[];
}

export interface Assurance {
  readonly slas: SlaStore;
  readonly actions: ActionLog;
  readonly controller: AssuranceController;
  /** Resolves once the tool follows the hub's stream live. */
  readonly synced: Promise<void>;
  /** Whether it follows the hub's stream live now (false while it reconnects to a hub that restarted or went away). */
  live(): boolean;
  /** Relaxes everything the controller holds, then stops. */
  stop(): Promise<void>;
}

/**
 * The assurance tool: follows the hub's derived latency samples and request
 * records, and keeps its SLAs through the layers' standard controls
 * (createAssuranceController).
 */
export async function createAssurance(options: AssuranceOptions): Promise<Assurance> {
  const slas = createSlaStore(options.slas);
  const actions = createActionLog(options.onAction ? { onAction: options.onAction } : {});
  const clients = connectHub(options.hub);
  const connected = await connectControls(options.endpoints ?? {}, options.controlAuth ?? options.hub.auth, clients, options.squeeze);
  const controls = options.wrapControls?.(connected) ?? connected;
  const controller = createAssuranceController(slas, actions, controls, options);
  const abort = new AbortController();
  const liveness = createLiveness();
  const run = async () => {
    const selector = { metrics: [TRANSACTION_LATENCY, TRANSACTION_LAYER_TIME], includeRecords: true };
    // A heartbeat a second when the stream is quiet: the hub's time, by which a risk that passed with no traffic to judge is relaxed.
    for await (const event of clients.stream({ mode: telemetry.Mode.MODE_STREAM, selector, heartbeatIntervalNs: HEARTBEAT_NS }, { signal: abort.signal })) {
      liveness.see(event);
      if (event.type === "batch") controller.observe(event.records, event.samples);
      else if (event.type === "heartbeat") controller.tick(event.timeUnixNano);
    }
  };
  const running = run().finally(liveness.end).catch((error) => {
    if (!abort.signal.aborted) (options.onError ?? ((e: unknown) => console.warn(`strata assurance: ${(e as Error).message}`)))(error);
  });
  return {
    slas, actions, controller, synced: liveness.synced, live: liveness.live,
    async stop() {
      abort.abort();
      await running;
      await controller.relaxAll("the controller stopped");
      for (const control of controls) control.close();
      clients.close();
    },
  };
}
