import type { ServiceMap, StrataClients } from "@strata/sdk/client";
import type { rpc } from "@strata/sdk/contracts";
import type { TraceContext } from "../helpers/trace-context.js";
import type { LayerCheckContext } from "../runner/check-context.js";

/** A topology node as the layer's catalogue fixes it, field by field (attributes: only the keys given). */
export interface NodeExpectation {
  readonly kind: string;
  readonly displayName?: string;
  readonly attributes?: Readonly<Record<string, string | RegExp>>;
}

/** A resource the driver made for a check (tracked for deletion), as the common checks see it. */
export interface DrivenResource<R = unknown> {
  /** The id data-path calls, records and topology name it by. */
  readonly id: string;
  /** The caller-chosen name it was created with (idempotency key). */
  readonly name: string;
  /** Its owner, as the endpoint reported it. */
  readonly tenantId: string;
  readonly applicationId: string;
  /** The topology node it must appear as. */
  readonly node: NodeExpectation;
  /** Attributes a record of a call on it may carry, with the values they must then have (the pool it is on, say). */
  readonly recordAttributes: Readonly<Record<string, string>>;
  /** The layer's own view of it: the message its create RPC answered. */
  readonly value: R;
}

export interface CreateOptions<S extends ServiceMap = {}> {
  /** Part of the generated name, "conformance-<stem>-<8 hex>". */
  stem?: string;
  /** The exact name instead (idempotency repeats). */
  name?: string;
  /** Who creates (and later deletes) it; tenant A by default. */
  as?: StrataClients<S>;
  /** The application it belongs to; the config's applicationId by default. */
  applicationId?: string;
}

export interface DriveOptions<S extends ServiceMap = {}> {
  /** Names the call in messages ("call #2"). */
  label: string;
  /** Ordinal of the call, so that consecutive calls touch different parts of the resource. */
  index: number;
  /** One of the driver's operations; by default the index-th, in turn. */
  operation?: string;
  /** The caller; tenant A by default. */
  as?: StrataClients<S>;
  /** Sends this strata-application-id instead of the config's. */
  applicationId?: string;
  /** Sends no traceparent (the records then carry empty trace and span ids). */
  untraced?: boolean;
  /**
   * Sends this traceparent value as is instead of a fresh one (a malformed
   * one, say); the call's trace is then unknown (DrivenCall.trace.traceId "").
   */
  traceparent?: string;
  /** Makes the call fail on purpose, with a status the layer's spec fixes (DrivenCall.code). */
  fail?: boolean;
  /**
   * The status the call is answered with instead of OK, which the driver
   * asserts (tenant B's call on tenant A's resource: NOT_FOUND). Left out
   * with `fail`, which fixes its own.
   */
  code?: rpc.Code;
}

/** One data-path call the suite made, as its request record must describe it. */
export interface DrivenCall {
  /** "call #2 (write of 512 bytes at offset 8192)". */
  what: string;
  /** As records name it ("read", "write"). */
  operation: string;
  resourceId: string;
  /** The traceparent sent; traceId "" when the call carried none. */
  trace: TraceContext;
  /** The strata-application-id the call carried. */
  applicationId: string;
  /** Payload bytes moved (0 for a failed call). */
  payloadBytes: number;
  code: rpc.Code;
  /** Latency as the suite observed it, ms: from sending the request to receiving the answer. */
  observedMs: number;
  /**
   * What the layer's answer said it measured of the call, by the names of
   * RequestRecord.measurements (a CPU time, say); the record must say
   * the same. Absent for a layer whose answers state none.
   */
  measurements?: Readonly<Record<string, number>>;
}

/** A create that reuses a resource's name with one parameter changed. */
export interface ConflictingCreate {
  /** The parameter that differs ("capacity_bytes"). */
  differing: string;
  /** Sends the create (tracking whatever it wrongly creates). */
  call(): Promise<unknown>;
}

/**
 * Makes a layer's resources and data-path traffic for the common checks.
 * Every method expects the status it documents and fails the check through
 * `t` otherwise.
 */
export interface TrafficDriver<S extends ServiceMap = {}, R = unknown> {
  /** What the layer calls its resource in messages ("volume"). */
  readonly resourceKind: string;
  /** The data-path operations, as records name them, cheapest first. */
  readonly operations: readonly string[];
  /** The create and delete RPCs, as messages name them ("VolumeService.CreateVolume"). */
  readonly rpcs: { readonly create: string; readonly delete: string };
  /** Creates a resource (expecting OK) and tracks its deletion by the same caller. */
  create(t: LayerCheckContext<S>, options?: CreateOptions<S>): Promise<DrivenResource<R>>;
  /** The delete RPC of a resource id, as `clients`, unasserted. */
  delete(clients: StrataClients<S>, id: string): Promise<unknown>;
  /** Creates reusing `resource`'s name with another parameter each; every one must answer ALREADY_EXISTS. */
  conflictingCreates(t: LayerCheckContext<S>, resource: DrivenResource<R>): readonly ConflictingCreate[];
  /** One data-path call with a fresh traceparent, timed on the suite's side, its status asserted. */
  call(t: LayerCheckContext<S>, resource: DrivenResource<R>, options: DriveOptions<S>): Promise<DrivenCall>;
  /**
   * Makes the server take measurable time over each call on the resource,
   * where the layer has a standard way (a QoS limit, say); resolves to
   * what it did, for the report.
   */
  slowDown?(t: LayerCheckContext<S>, resource: DrivenResource<R>): Promise<string>;
  /** What tenant A sees of the resource (size, content), to prove another tenant's calls changed nothing. */
  snapshot(t: LayerCheckContext<S>, resource: DrivenResource<R>): Promise<unknown>;
}
