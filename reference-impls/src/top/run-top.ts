import { connect, subscribe, type ClientAuth, type StrataClients } from "@strata/sdk/client";
import { hub, telemetry } from "@strata/sdk/contracts";
import { render, type Instance } from "ink";
import { createElement as h } from "react";
import { createTopModel, TOP_METRICS } from "./top-model.js";
import { TopScreen } from "./top-screen.js";

const HUB_SERVICES = { hub: hub.HubServiceService } as const;

export interface TopOptions {
  /** The hub: host:port or unix:/path. */
  hub: string;
  auth: ClientAuth;
  tls?: { caPath?: string; certPath?: string; keyPath?: string; serverNameOverride?: string };
  /** Latencies cover this many seconds of breakdown intervals (default 60). */
  windowSeconds?: number;
  /** The fewest ms between two frames (default 250): a busy stream never redraws faster. */
  frameMs?: number;
  /** Where ink renders (a test's stream); default the terminal. */
  render?: (node: ReturnType<typeof h>) => Pick<Instance, "rerender" | "unmount">;
  signal?: AbortSignal;
}

/** The Subscribe request of the view: the hub's derived metrics only, no records. */
export const TOP_REQUEST = {
  mode: telemetry.Mode.MODE_STREAM,
  selector: { metrics: Object.values(TOP_METRICS), includeRecords: false },
};

/**
 * Runs `strata top` until `signal` aborts: names the applications the hub
 * knows once (ListApplications), then follows the hub's stream of derived
 * samples (resuming after a failure, as the SDK's subscribe does) and
 * redraws the view from it, at most every `frameMs`. Resolves when the
 * stream ends.
 */
export async function runTop(options: TopOptions): Promise<void> {
  const clients: StrataClients<typeof HUB_SERVICES> = connect(options.hub, { services: HUB_SERVICES, auth: options.auth, ...(options.tls ? { tls: options.tls } : {}) });
  const windowSeconds = options.windowSeconds ?? 60;
  const model = createTopModel({ windowNs: BigInt(windowSeconds) * 1_000_000_000n });
  const frame = () => h(TopScreen, { view: model.view(), hub: options.hub, windowSeconds });
  const screen = (options.render ?? ((node) => render(node)))(frame());
  let timer: NodeJS.Timeout | undefined;
  const redraw = () => {
    timer ??= setTimeout(() => { timer = undefined; screen.rerender(frame()); }, options.frameMs ?? 250);
  };
  try {
    // Applications without a judged transaction yet send no sample: one query names them at start.
    let pageToken = "";
    do {
      const answer = await clients.hub.listApplications(hub.ListApplicationsRequest.fromPartial({ page: { pageSize: 0, pageToken } }));
      model.know(answer.applications);
      pageToken = answer.page?.nextPageToken ?? "";
    } while (pageToken !== "");
    redraw();
    // The SDK's subscribe resumes a failed stream; it needs only the client's subscribe (which sends the credentials).
    const telemetryClient = { subscribe: (request: telemetry.SubscribeRequest) => clients.telemetry.subscribe(request) };
    for await (const event of subscribe(telemetryClient as never, TOP_REQUEST, { ...(options.signal ? { signal: options.signal } : {}) })) {
      model.apply(event);
      redraw();
    }
  } finally {
    clearTimeout(timer);
    screen.rerender(frame());
    screen.unmount();
    clients.close();
  }
}
