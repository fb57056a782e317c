import { rpc } from "@strata/sdk/contracts";
import { codeName } from "../../../helpers/describe-error.js";
import { callMetadata, timeCall } from "../../../helpers/call-metadata.js";
import type { DrivenCall } from "../../../registry/traffic-driver.js";
import { storage } from "@strata/sdk/storage";
import { type StorageContext, type StorageClients } from "../storage-checks.js";

export interface BlockCallOptions {
  as?: StorageClients;
  volumeId: string;
  offset: bigint;
  /** Data to write, or the length to read. */
  write?: Uint8Array;
  readLength?: bigint;
  /** Overrides the config's strata-application-id for this call. */
  applicationId?: string;
  /** The status the call must end with (OK by default). */
  code?: rpc.Code;
  /** Names the call in messages ("write #2"). */
  label: string;
  /** Send no traceparent (the call's records then carry an empty trace_id). */
  untraced?: boolean;
}

/**
 * Makes one Read or Write with a fresh W3C traceparent (and, if asked, its
 * own strata-application-id), measures its latency on the suite's side and
 * asserts its status code.
 *
 * @example
 * const call = await blockCall(t, { volumeId, offset: 0n, write: Buffer.alloc(512, 1), label: "write #1" });
 */
export async function blockCall(t: StorageContext, options: BlockCallOptions): Promise<DrivenCall> {
  const as = options.as ?? t.tenantA;
  const { trace, applicationId, metadata } = callMetadata(t, options);
  const code = options.code ?? rpc.Code.OK;
  const operation = options.write ? "write" : "read";
  const size = options.write ? options.write.length : Number(options.readLength ?? 0n);
  const what = `${options.label} (${operation} of ${size} bytes at offset ${options.offset}${code === rpc.Code.OK ? "" : `, answered ${codeName(code)}`}`
    + `${options.untraced ? ", without traceparent" : ""})`;
  const { call, settled } = timeCall<unknown>(() => (options.write
    ? as.block.write(storage.WriteRequest.fromPartial({ volumeId: options.volumeId, offsetBytes: options.offset, data: Buffer.from(options.write) }), { metadata })
    : as.block.read(storage.ReadRequest.fromPartial({ volumeId: options.volumeId, offsetBytes: options.offset, lengthBytes: options.readLength ?? 0n }), { metadata })));
  await t.expectCode(call, code, `BlockService.${options.write ? "Write" : "Read"}: ${options.label}`);
  const observedMs = await settled;
  return { what, operation, resourceId: options.volumeId, trace, applicationId, payloadBytes: code === rpc.Code.OK ? size : 0, code, observedMs };
}

/** `n` bytes of a recognisable pattern. */
export function pattern(n: number, seed = 1): Buffer {
  const data = Buffer.alloc(n);
  for (let i = 0; i < n; i++) data[i] = (i * 31 + seed) & 0xff;
  return data;
}
