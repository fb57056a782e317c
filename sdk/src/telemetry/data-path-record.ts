import { status } from "@grpc/grpc-js";
import { StrataError } from "../errors/strata-error.js";
import type { Layer } from "../gen/strata/core/v1/layer.js";
import type { RequestInput } from "./request-input.js";

/** The application id of a record whose call names none and addresses no resource visible to the caller. */
export const UNATTRIBUTED = "unattributed";

/** Who a resolved resource belongs to: what a record of work on it carries. */
export interface DataPathOwner {
  resourceId: string;
  /** The tenant owning the resource. */
  tenantId: string;
  /** The application owning the resource (the record keeps the caller's `strata-application-id` if it named one). */
  applicationId: string;
  /** Catalogue-defined record attributes. */
  attributes?: Readonly<Record<string, string>>;
}

/** The span fields a record copies (CallSpan). */
export interface RecordSpan {
  readonly traceId: Buffer | undefined;
  readonly spanId: Buffer;
  readonly parentSpanId: Buffer | undefined;
}

/** What a data-path record needs of the telemetry engine. */
export interface RecordSink {
  readonly layer: Layer;
  record(input: RequestInput): void;
  trackInFlight(tenantId: string, applicationId: string, resourceId: string): () => void;
  now(): bigint;
}

/** A data-path request as it arrives, before the layer has resolved its resource. */
export interface DataPathStart {
  operation: string;
  /** UNIX epoch ns on the sink's clock, when the request was received. */
  startTimeUnixNano: bigint;
  /** The resource the request names (recorded until the layer resolves it). */
  resourceId: string;
  /** The caller's tenant. */
  tenantId: string;
  /** The caller's valid `strata-application-id`, if any. */
  applicationId: string | undefined;
  span: RecordSpan;
}

/**
 * The one record a data-path request yields (docs/telemetry.md, Request
 * records). It starts attributed to the caller (its tenant, its
 * `strata-application-id` or "unattributed", the resource id it named);
 * once the layer resolves the resource, resolve() attributes it to the
 * owner and counts the request in flight for queue depth. finish() records
 * it exactly once, timed on the sink's clock from the request's arrival.
 */
export class DataPathRecord {
  /** Payload bytes moved; the layer sets it once they moved (0 for a failure that moved none). */
  payloadBytes = 0;
  /** What the layer measured of the unit of work, by its catalogue's names (RequestRecord.measurements); set once measured. */
  measurements: Readonly<Record<string, number>> | undefined;
  private owner: DataPathOwner | undefined;
  private inFlightDone: (() => void) | undefined;
  private finishHooks: Array<(durationNs: number, statusCode: number) => void> | undefined;
  private finished = false;

  constructor(private readonly sink: RecordSink, private readonly start: DataPathStart) {}

  /** When the request was received, UNIX epoch ns on the sink's clock: the start of the record's duration. */
  get startTimeUnixNano(): bigint {
    return this.start.startTimeUnixNano;
  }

  /** The tenant the record is attributed to now. */
  get tenantId(): string {
    return this.owner?.tenantId ?? this.start.tenantId;
  }

  /** The application the record is attributed to now. */
  get applicationId(): string {
    return this.start.applicationId ?? this.owner?.applicationId ?? UNATTRIBUTED;
  }

  /** True once the layer resolved the resource. */
  get resolved(): boolean {
    return this.owner !== undefined;
  }

  /** The resource the record is about now. */
  get resourceId(): string {
    return this.owner?.resourceId ?? this.start.resourceId;
  }

  /** The resource is known (and visible to the caller): attribute the record to its owner and count it in flight. */
  resolve(owner: DataPathOwner): void {
    this.inFlightDone?.();
    this.owner = owner;
    this.inFlightDone = this.sink.trackInFlight(owner.tenantId, this.applicationId, owner.resourceId);
  }

  /** Runs when the request is answered, with its measured duration and status (for QoS accounting). */
  onFinish(hook: (durationNs: number, statusCode: number) => void): void {
    (this.finishHooks ??= []).push(hook);
  }

  /** Records the request with its answer's status code; only the first call counts. */
  finish(statusCode: number): void {
    if (this.finished) return;
    this.finished = true;
    const durationNs = Number(this.sink.now() - this.start.startTimeUnixNano);
    this.inFlightDone?.();
    const span = this.start.span;
    const traceId = span.traceId;
    this.sink.record({
      layer: this.sink.layer,
      operation: this.start.operation,
      resourceId: this.resourceId,
      tenantId: this.tenantId,
      applicationId: this.applicationId,
      startTimeUnixNano: this.start.startTimeUnixNano,
      durationNs,
      payloadBytes: this.payloadBytes,
      statusCode,
      traceId,
      spanId: traceId ? span.spanId : undefined,
      parentSpanId: traceId ? span.parentSpanId : undefined,
      attributes: this.owner?.attributes,
      measurements: this.measurements,
    });
    if (this.finishHooks) for (const hook of this.finishHooks) hook(durationNs, statusCode);
  }
}

/** The gRPC code an error is answered with: a StrataError's own, INTERNAL for anything else. */
export function statusCodeOf(error: unknown): number {
  return error instanceof StrataError ? error.code : status.INTERNAL;
}
