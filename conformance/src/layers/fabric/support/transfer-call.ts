import { rpc } from "@strata/sdk/contracts";
import { fabric } from "@strata/sdk/fabric";
import { codeName } from "../../../helpers/describe-error.js";
import { callMetadata, timeCall } from "../../../helpers/call-metadata.js";
import type { DrivenCall } from "../../../registry/traffic-driver.js";
import type { FabricClients, FabricContext } from "../fabric-checks.js";

/** The frame of a Transfer, as the request carries it (ports apart). */
export type FrameSpec = Pick<fabric.TransferRequest, "operation" | "trafficClass" | "volumeId" | "offsetBytes" | "lengthBytes" | "data">;

export interface TransferOptions {
  as?: FabricClients;
  initiatorPortId: string;
  targetPortId: string;
  frame: FrameSpec;
  applicationId?: string;
  /** The status the call must end with (OK by default). */
  code?: rpc.Code;
  label: string;
  untraced?: boolean;
  /** Send this traceparent value as is instead of a fresh one (a malformed one, say). */
  traceparent?: string;
}

/** A driven Transfer, with the answer it got. */
export interface TransferredCall extends DrivenCall {
  response: fabric.TransferResponse | undefined;
}

/** The payload docs/fabric.md counts for a frame: a write's data, a read's length_bytes. */
export const payloadOf = (frame: FrameSpec): number =>
  (frame.operation === fabric.FrameOperation.FRAME_OPERATION_WRITE ? frame.data.length : Number(frame.lengthBytes));

/** "write of 512 bytes", "read of 4096 bytes". */
export function describeFrame(frame: FrameSpec): string {
  const write = frame.operation === fabric.FrameOperation.FRAME_OPERATION_WRITE;
  const bytes = write ? frame.data.length : Number(frame.lengthBytes);
  const klass = frame.trafficClass === fabric.TrafficClass.TRAFFIC_CLASS_LOSSLESS ? ", lossless" : "";
  return `${write ? "write" : "read"} of ${bytes} bytes${klass}`;
}

/**
 * Makes one Transfer with a fresh W3C traceparent (and, if asked, its own
 * strata-application-id), timed on the suite's side, its status asserted,
 * and reports what the answer said it measured.
 */
export async function transferCall(t: FabricContext, options: TransferOptions): Promise<TransferredCall> {
  const as = options.as ?? t.tenantA;
  const { trace, applicationId, metadata } = callMetadata(t, options);
  const code = options.code ?? rpc.Code.OK;
  const what = `${options.label} (${describeFrame(options.frame)}${code === rpc.Code.OK ? "" : `, answered ${codeName(code)}`}`
    + `${options.untraced ? ", without traceparent" : ""})`;
  const request = fabric.TransferRequest.fromPartial({ initiatorPortId: options.initiatorPortId, targetPortId: options.targetPortId, ...options.frame });
  const { call, settled } = timeCall(() => as.transfers.transfer(request, { metadata }));
  let response: fabric.TransferResponse | undefined;
  if (code === rpc.Code.OK) response = await t.expectCode(call, rpc.Code.OK, `TransferService.Transfer: ${options.label}`);
  else await t.expectCode(call, code, `TransferService.Transfer: ${options.label}`);
  const observedMs = await settled;
  return {
    what, operation: "transfer", resourceId: options.initiatorPortId, trace, applicationId, code, observedMs, response,
    payloadBytes: code === rpc.Code.OK ? payloadOf(options.frame) : 0,
    ...(response ? { measurements: { path_latency_ns: Number(response.pathLatencyNs), retransmissions: response.retransmissions } } : {}),
  };
}
