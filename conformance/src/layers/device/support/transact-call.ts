import { rpc } from "@strata/sdk/contracts";
import { device } from "@strata/sdk/device";
import { codeName } from "../../../helpers/describe-error.js";
import { callMetadata, timeCall } from "../../../helpers/call-metadata.js";
import type { DrivenCall } from "../../../registry/traffic-driver.js";
import type { DeviceClients, DeviceContext } from "../device-checks.js";

export interface TransactOptions {
  as?: DeviceClients;
  deviceId: string;
  transactionName?: string;
  payload: Buffer;
  /** echo.delay_ns, ns. */
  delayNs?: number;
  /** echo.fail. */
  fail?: boolean;
  /** Overrides the config's strata-application-id for this call. */
  applicationId?: string;
  /** The status the call must end with (OK by default). */
  code?: rpc.Code;
  /** Names the call in messages ("call #2"). */
  label: string;
  /** Send no traceparent (the call's records then carry an empty trace_id). */
  untraced?: boolean;
  /** Send this traceparent value as is instead of a fresh one (a malformed one, say). */
  traceparent?: string;
}

/** A driven Transact, with the answer it got. */
export interface TransactedCall extends DrivenCall {
  response: device.TransactResponse | undefined;
}

/** The measurement name the records of a transaction carry its user latency by (docs/device.md). */
export const USER_LATENCY = "user_latency_ns";

/**
 * Makes one Transact with a fresh W3C traceparent (and, if asked, its own
 * strata-application-id), measures its latency on the suite's side, asserts
 * its status code, and reports what the answer said the user saw.
 *
 * @example
 * const call = await transactCall(t, { deviceId, payload: Buffer.from("cart"), label: "checkout" });
 */
export async function transactCall(t: DeviceContext, options: TransactOptions): Promise<TransactedCall> {
  const as = options.as ?? t.tenantA;
  const { trace, applicationId, metadata } = callMetadata(t, options);
  const code = options.code ?? rpc.Code.OK;
  const delay = options.delayNs ? `, echo delay ${options.delayNs / 1e6} ms` : "";
  const what = `${options.label} (transact of ${options.payload.length} bytes${delay}${options.fail ? ", echo.fail" : ""}`
    + `${code === rpc.Code.OK ? "" : `, answered ${codeName(code)}`}${options.untraced ? ", without traceparent" : ""})`;
  const request = device.TransactRequest.fromPartial({
    deviceId: options.deviceId, transactionName: options.transactionName ?? "conformance", payload: options.payload,
    echo: { delayNs: BigInt(options.delayNs ?? 0), fail: options.fail ?? false },
  });
  const { call, settled } = timeCall(() => as.transactions.transact(request, { metadata }));
  let response: device.TransactResponse | undefined;
  if (code === rpc.Code.OK) response = await t.expectCode(call, rpc.Code.OK, `TransactionService.Transact: ${options.label}`);
  else await t.expectCode(call, code, `TransactionService.Transact: ${options.label}`);
  const observedMs = await settled;
  const latency = response?.report?.latencyNs;
  return {
    what, operation: "transact", resourceId: options.deviceId, trace, applicationId, code, observedMs, response,
    payloadBytes: response ? options.payload.length + response.payload.length : 0,
    ...(latency !== undefined ? { measurements: { [USER_LATENCY]: Number(latency) } } : {}),
  };
}
