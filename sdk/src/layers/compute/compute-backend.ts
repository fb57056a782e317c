import type { CallContext } from "../../server/call-context.js";
import type { CpuPolicy, Instance } from "./contracts.js";

/** A host as the backend offers it; its reservations come from the kit's catalogue. */
export interface HostDescription {
  hostId: string;
  name: string;
  /** The cores its instances share: at most this many units of work run on it at once. */
  cpuCores: number;
  /** Memory instances may reserve on it, in bytes. */
  memoryBytes: bigint;
}

/** One unit of work, checked against the limits (docs/compute.md, Units of work). */
export type Work =
  | { kind: "hash"; sizeBytes: number; seed: Buffer }
  | { kind: "sort"; count: number; seed: number }
  | { kind: "spin"; cpuTimeNs: number };

/** The CPU policies that apply to a unit of work: its instance's and its tenant's. */
export interface ApplicablePolicies {
  instance: CpuPolicy | undefined;
  tenant: CpuPolicy | undefined;
}

/** A unit of work as the kit hands it to the backend. */
export interface ExecutionRequest {
  /** The instance, running when the kit hands the unit over. */
  instance: Instance;
  work: Work;
  /** The policies in force now; read them when the unit is scheduled, as they may change while it waits. */
  policies(): ApplicablePolicies;
  /** Aborted when the caller cancels. */
  signal: AbortSignal;
  /**
   * The call's context: pass it to every call the backend makes to another
   * layer for this unit of work (`client.method(request, { context: ctx })`),
   * so that those hops are children of this Execute in the trace.
   */
  ctx: CallContext;
}

/** What a unit of work answered, measured by the backend. */
export interface WorkResult {
  /** SHA-256 of the hashed bytes or of the sorted numbers; empty for a spin. */
  digest: Buffer;
  /** CPU time the unit used, ns, from the CPU clock of the thread or process that ran it. */
  cpuTimeNs: number;
  /** Time the unit waited for a vCPU, a core and the operating system's scheduler, ns. */
  runQueueDelayNs: number;
}

/**
 * What a compute vendor writes: where units of work run and how CPU time is
 * shared. The kit (createComputeServer) owns everything else: validation,
 * tenancy, idempotency, pagination, placement and memory accounting, instance
 * states, CPU policies, attachments, telemetry and topology. Errors thrown as
 * StrataError reach the caller as they are.
 */
export interface ComputeBackend {
  /** The hosts this backend offers. */
  hosts(): HostDescription[];
  /** Readies a new or stopped instance to run units of work (its threads or processes may start lazily). */
  startInstance(instance: Instance): Promise<void>;
  /**
   * Stops a running instance: units already running finish, units still
   * waiting are refused with StrataError.busy (FAILED_PRECONDITION). Resolves
   * once nothing of the instance runs.
   */
  stopInstance(instance: Instance): Promise<void>;
  /** Forgets an instance the kit stopped and deletes. Must succeed for one already gone. */
  deleteInstance(instance: Instance): Promise<void>;
  /**
   * Gives an instance (running or stopped) a new shape without stopping it;
   * `instance` still has the old one. Needed only with FEATURE_COMPUTE_LIVE_RESIZE.
   */
  resizeInstance?(instance: Instance, vcpuCount: number, memoryBytes: bigint): Promise<void>;
  /**
   * Runs one unit of work on the instance, on one of its vCPUs and one core
   * of its host, honouring the policies it declares it honours (waiting, or
   * throwing StrataError.throttled with a retry delay), and measures it.
   */
  execute(request: ExecutionRequest): Promise<WorkResult>;
  /** Memory the instance really uses now, in bytes (0 while nothing of it runs). */
  memoryUsedBytes(instance: Instance): bigint;
  /** Stops every instance and releases threads, processes and timers. */
  close?(): Promise<void>;
}
