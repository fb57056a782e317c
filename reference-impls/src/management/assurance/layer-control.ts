import { status } from "@grpc/grpc-js";
import { isStrataError } from "@strata/sdk/client";
import type { core } from "@strata/sdk/contracts";

/** How hard a competitor loads a layer, from the hub's request records. */
export interface Load {
  opsPerSecond: number;
  bytesPerSecond: number;
}

/** One standard control RPC the controller sent, as audited. */
export interface ControlCall {
  /** Fully-qualified RPC, e.g. "strata.storage.v1.QosService/SetQosPolicy". */
  rpc: string;
  /** The request, proto3 JSON. */
  requestJson: string;
  /** The gRPC status code it was answered with. */
  statusCode: number;
  /** The rate the call limits its tenant to, where it sets one: the controller relaxes only once the tenant no longer presses against it. */
  limit?: Partial<Load>;
  /** Restores what the call replaced (the prior policy, or none); absent when the call changed nothing. */
  undo?: () => Promise<ControlCall[]>;
}

/** The standard controls of one layer endpoint, as the controller uses them. */
export interface LayerControl {
  readonly layer: core.Layer;
  /** The endpoint's address. */
  readonly endpoint: string;
  /** Limits a competing tenant to a fraction of the load it puts on the layer now. */
  limit(tenantId: string, load: Load): Promise<ControlCall[]>;
  /**
   * Steps a limit this control set on a tenant down to `limit` (never under
   * its floors); no call where the limit held is already that low. The
   * calls carry no undo: relaxing undoes the first limit, which restores
   * what was there before it.
   */
  tighten?(tenantId: string, limit: Partial<Load>): Promise<ControlCall[]>;
  /** Raises a tenant's priority on the layer, where the layer has one for a tenant; none: no call. */
  favour?(tenantId: string): Promise<ControlCall[]>;
  close(): void;
}

/** How far a control squeezes a competitor: limits are this fraction of its current load, never under the floors. */
export interface Squeeze {
  /** Fraction of the competitor's current rate its limit is set to (default 0.2). */
  fraction?: number;
  /** Lowest storage IOPS limit (default 2: at 10, a flooding tenant kept a tenth of the noisy-neighbour scenario's pool and cost the critical application windows). */
  minIops?: number;
  /** Lowest LAN bandwidth limit, bytes/s (default 64 KiB/s). */
  minBandwidthBytesPerSecond?: number;
  /** Lowest access shaping rate, requests/s (default 5). */
  minRequestsPerSecond?: number;
  /** CPU shares given to a competitor (default 10, against the default 100). */
  cpuShares?: number;
}

export const squeezeOf = (s: Squeeze = {}): Required<Squeeze> => ({
  fraction: 0.2, minIops: 2, minBandwidthBytesPerSecond: 64 * 1024, minRequestsPerSecond: 5, cpuShares: 10, ...s,
});

/**
 * Sends one control RPC and audits it: its proto3 JSON request and the
 * status it was answered with (a refusal is audited, never thrown).
 */
export async function sendControl<Req, Res>(
  rpc: string, request: Req, toJson: (request: Req) => unknown, send: (request: Req) => Promise<Res>,
): Promise<{ call: ControlCall; response?: Res }> {
  const requestJson = JSON.stringify(toJson(request));
  try {
    const response = await send(request);
    return { call: { rpc, requestJson, statusCode: status.OK }, response };
  } catch (error) {
    return { call: { rpc, requestJson, statusCode: isStrataError(error) ? error.code : status.UNKNOWN } };
  }
}

/** Reads a policy, undefined when there is none (NOT_FOUND) or it cannot be read. */
export async function priorOf<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}
