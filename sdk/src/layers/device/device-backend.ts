import type { CallContext } from "../../server/call-context.js";
import type { Device, ExperienceReport, TransactionOrigin, TransactionRoute } from "./contracts.js";

/** How the built-in echo application answers a transaction (EchoBehaviour), checked against its bounds. */
export interface EchoSpec {
  /** The application's own time before it answers, ns (at most one second). */
  delayNs: number;
  /** Fail the transaction after delayNs instead of answering. */
  fail: boolean;
}

/**
 * What a call made to another layer for a transaction carries: its span (the
 * device's, so that the layer below is its child), its application and its
 * record. Give it as `{ context }` to every client call made for the
 * transaction.
 */
export type TransactionContext = Pick<CallContext, "span" | "applicationId" | "dataPath">;

/** One transaction on its way from a device to its application, as the kit hands it to a route. */
export interface RoutedTransaction {
  readonly device: Device;
  readonly transactionName: string;
  readonly payload: Buffer;
  readonly echo: EchoSpec;
  readonly context: TransactionContext;
  /** Aborted when whoever issued the transaction gave up on it. */
  readonly signal: AbortSignal;
}

/**
 * Where the endpoint's transactions go (docs/device.md, Routes): the
 * built-in echo application (createEchoRoute) or an access endpoint. The kit
 * takes one for the whole endpoint.
 */
export interface DeviceRoute {
  /** The route devices, answers and reports name. */
  readonly route: TransactionRoute;
  /**
   * Carries a transaction's payload to the device's application and answers
   * the application's answer; a failure of the application or of the way
   * there throws StrataError.unavailable, a cancelled wait
   * StrataError.cancelled.
   */
  exchange(transaction: RoutedTransaction): Promise<Buffer>;
  /** Releases sockets and servers. */
  close?(): Promise<void>;
}

/** One transaction a device issues, as the kit hands it to the backend. */
export interface DeviceTransaction extends RoutedTransaction {
  readonly origin: TransactionOrigin;
  /** When the device issued it, UNIX epoch ns on the telemetry clock: its user waits from here. */
  readonly issuedAtUnixNano: bigint;
  /** Carries the payload over the endpoint's route and answers the application's answer (DeviceRoute.exchange). */
  exchange(payload: Buffer): Promise<Buffer>;
}

/** A transaction the endpoint issues of its own accord (TRANSACTION_ORIGIN_ENDPOINT). */
export interface OwnTransaction {
  transactionName: string;
  payload: Buffer;
  echo?: Partial<EchoSpec>;
  /** For a step of a journey the endpoint runs on its own schedule. */
  journey?: { name: string; step: number };
}

/** What the kit offers a backend that issues transactions of its own (a fleet's load, a monitor's schedule). */
export interface TransactionIssuer {
  /** The devices enrolled now. */
  devices(): readonly Device[];
  /**
   * Issues a transaction from an enrolled device, with its record (a trace of
   * its own, the device's span the root) and experience report, and resolves
   * to the report; undefined when the device is no longer enrolled.
   */
  issue(deviceId: string, transaction: OwnTransaction): Promise<ExperienceReport | undefined>;
}

/**
 * What a device vendor writes: how its devices issue transactions. The kit
 * (createDeviceServer) owns everything else: validation, tenancy,
 * idempotency, pagination, the route, request records, experience reports
 * and the latency their users saw, journeys, telemetry and topology. Errors
 * thrown as StrataError reach the caller as they are.
 */
export interface DeviceBackend {
  /** Readies a device that was just enrolled (its queue, its connection). */
  enroll?(device: Device): Promise<void>;
  /** Forgets an unenrolled device; transactions it is issuing finish. */
  unenroll?(device: Device): Promise<void>;
  /**
   * Issues one transaction from the device: whatever the device does around
   * it (waiting its turn, opening a connection), and `transaction.exchange()`
   * to reach the application. Resolves to the application's answer once the
   * device holds all of it; throws the exchange's error, or StrataError.cancelled
   * when the signal aborts while the transaction waits on the device.
   */
  transact(transaction: DeviceTransaction): Promise<Buffer>;
  /** Starts the backend's own traffic, if it has any; the kit calls it once the endpoint is ready. */
  start?(issuer: TransactionIssuer): void;
  /** Stops its own traffic and releases what it holds. */
  close?(): Promise<void>;
}
