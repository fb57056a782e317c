import { rpc } from "@strata/sdk/contracts";
import { access } from "@strata/sdk/access";
import { codeName } from "../../../helpers/describe-error.js";
import { callMetadata, timeCall } from "../../../helpers/call-metadata.js";
import type { DrivenCall } from "../../../registry/traffic-driver.js";
import type { AccessClients, AccessContext } from "../access-checks.js";

export interface ForwardOptions {
  as?: AccessClients;
  sessionId: string;
  payload: Buffer;
  /** Overrides the config's strata-application-id for this call. */
  applicationId?: string;
  /** The status the call must end with (OK by default). */
  code?: rpc.Code;
  /** Names the call in messages ("call #2"). */
  label: string;
  /** Send no traceparent. */
  untraced?: boolean;
  /** Send this traceparent value as is instead of a fresh one (a malformed one, say). */
  traceparent?: string;
}

/** A driven Forward, with the answer it got. */
export interface ForwardedCall extends DrivenCall {
  response: access.ForwardResponse | undefined;
}

/**
 * Makes one Forward with a fresh W3C traceparent (and, if asked, its own
 * strata-application-id), measures its latency on the suite's side, asserts
 * its status code, and reports what the answer said it measured. Bytes
 * moved: the payload both ways, as docs/access.md counts them.
 */
export async function forwardCall(t: AccessContext, options: ForwardOptions): Promise<ForwardedCall> {
  const as = options.as ?? t.tenantA;
  const { trace, applicationId, metadata } = callMetadata(t, options);
  const code = options.code ?? rpc.Code.OK;
  const what = `${options.label} (forward of ${options.payload.length} bytes${code === rpc.Code.OK ? "" : `, answered ${codeName(code)}`}`
    + `${options.untraced ? ", without traceparent" : ""})`;
  const request = access.ForwardRequest.fromPartial({ sessionId: options.sessionId, payload: options.payload });
  const { call, settled } = timeCall(() => as.forward.forward(request, { metadata }));
  let response: access.ForwardResponse | undefined;
  if (code === rpc.Code.OK) response = await t.expectCode(call, rpc.Code.OK, `ForwardService.Forward: ${options.label}`);
  else await t.expectCode(call, code, `ForwardService.Forward: ${options.label}`);
  const observedMs = await settled;
  return {
    what, operation: "forward", resourceId: options.sessionId, trace, applicationId, code, observedMs, response,
    payloadBytes: response ? options.payload.length + response.payload.length : 0,
    ...(response ? { measurements: { shaping_delay_ns: Number(response.shapingDelayNs), entry_point_ns: Number(response.entryPointNs) } } : {}),
  };
}

/** The payload of the index-th driven call: 64 to 163 bytes of a pattern the index sets. */
export function payloadOf(index: number): Buffer {
  return Buffer.from(Array.from({ length: 64 + (index % 100) }, (_, i) => (index * 31 + i) & 0xff));
}
