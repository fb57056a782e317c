import { rpc } from "@strata/sdk/contracts";
import { network } from "@strata/sdk/network";
import { StreamReader } from "@strata/sdk/testing";
import type { NetworkClients, NetworkContext } from "../network-checks.js";
import { uniqueName } from "../../../helpers/unique-name.js";
import type { OwnerOptions } from "./lan.js";

/** Tracks the deletion of whatever tap a create call returns. */
export function trackTap<T extends { tap?: network.Tap }>(t: NetworkContext, call: Promise<T>, as: NetworkClients = t.tenantA): Promise<T> {
  call.then(({ tap }) => { if (tap) t.track(() => as.taps.deleteTap({ tapId: tap.tapId }), `DeleteTap ${tap.tapId}`); }, () => undefined);
  return call;
}

/** Creates a tap (expecting OK) and tracks its deletion. */
export async function createTap(t: NetworkContext, stem: string, selector: Partial<network.TapSelector> = {}, options: OwnerOptions = {}): Promise<network.Tap> {
  const as = options.as ?? t.tenantA;
  const request = network.CreateTapRequest.fromPartial({
    name: uniqueName(stem), workload: { applicationId: options.applicationId ?? t.config.applicationId }, selector,
  });
  const { tap } = await t.expectCode(trackTap(t, as.taps.createTap(request), as), rpc.Code.OK, `CreateTap "${request.name}"`);
  return tap ?? t.fail(`CreateTap "${request.name}" answered OK without a tap; the response must carry it`);
}

/** A StreamTap stream read in the background, cancelled when the check ends. */
export type TapReader = StreamReader<network.StreamTapResponse>;

/** Opens a stream of a tap as `as` (tenant A by default). */
export function openTap(t: NetworkContext, tapId: string, as: NetworkClients = t.tenantA): TapReader {
  const reader = new StreamReader(as.taps.streamTap({ tapId }));
  t.track(() => reader.cancel(), `cancel the StreamTap stream of ${tapId}`);
  return reader;
}

/** The records a tap stream delivered, in order. */
export function recordsOf(reader: TapReader): network.TapRecord[] {
  return reader.messages.flatMap((m) => m.records);
}
