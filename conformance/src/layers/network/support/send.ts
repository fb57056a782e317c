import { rpc } from "@strata/sdk/contracts";
import { network } from "@strata/sdk/network";
import { codeName } from "../../../helpers/describe-error.js";
import { callMetadata, timeCall } from "../../../helpers/call-metadata.js";
import type { DrivenCall } from "../../../registry/traffic-driver.js";
import type { NetworkClients, NetworkContext } from "../network-checks.js";

export interface SendOptions {
  as?: NetworkClients;
  networkId: string;
  sourceEndpointId: string;
  destinationAddress: string;
  payload: Buffer;
  /** Overrides the config's strata-application-id for this call. */
  applicationId?: string;
  /** The status the call must end with (OK by default); undefined to accept any and report it. */
  code?: rpc.Code | "any";
  /** Names the call in messages ("datagram #2"). */
  label: string;
  /** Send no traceparent. */
  untraced?: boolean;
  /** Send this traceparent value as is instead of a fresh one (a malformed one, say). */
  traceparent?: string;
}

/** A Send as the suite observed it, with its answer when it was OK. */
export interface SentDatagram extends DrivenCall {
  response: network.SendResponse | undefined;
}

/**
 * Makes one Send with a fresh W3C traceparent, measures its latency on the
 * suite's side and asserts its status code (unless told to accept any).
 */
export async function sendDatagram(t: NetworkContext, options: SendOptions): Promise<SentDatagram> {
  const as = options.as ?? t.tenantA;
  const { trace, applicationId, metadata } = callMetadata(t, options);
  const { call, settled } = timeCall(() => as.datagrams.send(network.SendRequest.fromPartial({
    networkId: options.networkId, sourceEndpointId: options.sourceEndpointId, destinationAddress: options.destinationAddress, payload: options.payload,
  }), { metadata }));
  let response: network.SendResponse | undefined;
  let code: rpc.Code;
  if (options.code === "any") {
    code = await call.then((r) => { response = r; return rpc.Code.OK; }, (e: { code?: number }) => (e.code ?? rpc.Code.UNKNOWN) as rpc.Code);
  } else {
    code = options.code ?? rpc.Code.OK;
    const answer: unknown = await t.expectCode(call, code, `DatagramService.Send: ${options.label}`);
    if (code === rpc.Code.OK) response = answer as network.SendResponse;
  }
  const observedMs = await settled;
  const what = `${options.label} (send of ${options.payload.length} bytes${code === rpc.Code.OK ? "" : `, answered ${codeName(code)}`}`
    + `${options.untraced ? ", without traceparent" : ""})`;
  return {
    what, operation: "send", resourceId: options.networkId, trace, applicationId,
    payloadBytes: code === rpc.Code.OK ? options.payload.length : 0, code, observedMs, response,
  };
}
