import { DeliveryOutcome, type Priority, type TapRecord } from "./contracts.js";

/** One datagram that entered a network, as the taps see it once its outcome is known. */
export interface TapEvent {
  /** When the layer received the Send, UNIX epoch ns. */
  readonly timeUnixNano: bigint;
  readonly networkId: string;
  readonly tenantId: string;
  readonly applicationId: string;
  readonly sourceEndpointId: string;
  readonly sourceAddress: string;
  readonly sourcePortId: string;
  readonly destinationEndpointId: string;
  readonly destinationAddress: string;
  readonly destinationPortId: string;
  readonly payload: Buffer;
  readonly delivered: boolean;
  /** 0 when dropped. */
  readonly deliveryLatencyNs: bigint;
  /** When it entered the destination's receive queue (0 when dropped), UNIX epoch ns. */
  readonly deliveredAtUnixNano: bigint;
  readonly priority: Priority;
  readonly traceId: Buffer;
  readonly spanId: Buffer;
}

/** The record of an event, before a stream numbers it and a tap pairs it. */
export function tapRecordOf(event: TapEvent): TapRecord {
  return {
    sequence: 0n,
    timeUnixNano: event.timeUnixNano,
    networkId: event.networkId,
    sourceEndpointId: event.sourceEndpointId,
    sourceAddress: event.sourceAddress,
    sourcePortId: event.sourcePortId,
    destinationEndpointId: event.destinationEndpointId,
    destinationAddress: event.destinationAddress,
    destinationPortId: event.destinationPortId,
    payloadBytes: BigInt(event.payload.length),
    outcome: event.delivered ? DeliveryOutcome.DELIVERY_OUTCOME_DELIVERED : DeliveryOutcome.DELIVERY_OUTCOME_DROPPED,
    deliveryLatencyNs: event.delivered ? event.deliveryLatencyNs : 0n,
    tenantId: event.tenantId,
    applicationId: event.applicationId,
    traceId: event.traceId,
    spanId: event.spanId,
    priority: event.priority,
    frame: undefined,
    transaction: undefined,
  };
}
