import type { CallExtras, StrataClients } from "../../client/connect.js";
import type { FABRIC_SERVICES } from "../fabric/fabric-services.js";
import type { NETWORK_SERVICES } from "../network/network-services.js";
import type { Work, WorkResult } from "./compute-backend.js";
import type { Attachment, Instance } from "./contracts.js";

/**
 * An endpoint of another layer the compute endpoint's programs call: its
 * clients, and the metadata a call made for a tenant carries besides the
 * clients' credentials (none by default).
 */
export interface LayerReach<C> {
  readonly clients: C;
  metadataFor?(tenantId: string): Record<string, string>;
}

/** The LAN endpoint programs reach (createComputeServer's `network`). */
export type NetworkReach = LayerReach<StrataClients<typeof NETWORK_SERVICES>>;
/** The fabric endpoint programs reach (createComputeServer's `fabric`). */
export type FabricReach = LayerReach<StrataClients<typeof FABRIC_SERVICES>>;

/** One request to a program: a ProgramWork's payload, or the body of a framed LAN request. */
export interface ProgramRequest {
  /** "execute" for an Execute's ProgramWork; the frame's operation for a LAN request. */
  readonly operation: string;
  readonly payload: Buffer;
}

/** A framed LAN request/response exchange from the instance's LAN port. */
export interface ProgramLan {
  /** The address of the instance's own LAN endpoint (the one its first attached LAN port carries). */
  readonly address: string;
  /**
   * Sends `body` as a framed request (docs/network.md, application framing)
   * to the endpoint at `destinationAddress` and resolves to the body of its
   * framed response; a response with a non-zero status rejects with
   * StrataError.unavailable.
   */
  request(destinationAddress: string, operation: string, body: Buffer): Promise<Buffer>;
}

/**
 * What a program runs with, for one request: its instance, CPU work on that
 * instance through the vendor's backend (measured and limited like any
 * unit of work, and added to the Execute's CPU time), its instance's
 * attachments, and clients of the LAN and fabric endpoints the compute
 * endpoint is configured with. Pass `call` to every client call, so that
 * the call carries the request's context (traceparent, application).
 */
export interface ProgramEnvironment {
  readonly instance: Instance;
  /** The instance's attachments now. */
  attachments(): Attachment[];
  /** Runs one unit of CPU work on the instance. */
  run(work: Work): Promise<WorkResult>;
  /** Clients of the LAN endpoint; undefined when the compute endpoint is configured with none. */
  readonly network: NetworkReach["clients"] | undefined;
  /** Clients of the fabric endpoint; undefined when the compute endpoint is configured with none. */
  readonly fabric: FabricReach["clients"] | undefined;
  /** Framed requests over the instance's LAN port, made with this request's context; undefined when no LAN port (or no LAN endpoint) is attached. */
  lan(): Promise<ProgramLan | undefined>;
  /** The extras of every call made for this request: its context, tenant metadata and signal. */
  readonly call: CallExtras;
  readonly signal: AbortSignal;
}

/**
 * An application program the compute endpoint offers (FEATURE_COMPUTE_PROGRAMS):
 * code given to the kit at server creation, run for an instance created
 * with its name. Errors thrown as StrataError reach the caller as they are;
 * any other error is UNAVAILABLE.
 */
export interface ComputeProgram {
  /** Answers one request. */
  handle(request: ProgramRequest, env: ProgramEnvironment): Promise<Buffer>;
  /**
   * Serves framed LAN requests: for an instance running the program with a
   * LAN port attached, the kit receives on the port's endpoint and answers
   * each framed request with handle() as a unit of work on the instance.
   */
  readonly serves?: boolean;
}
