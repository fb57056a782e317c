import { status } from "@grpc/grpc-js";
import { connect, type ClientAuth, type ConnectOptions, type StrataClients } from "../../client/connect.js";
import { StrataError } from "../../errors/strata-error.js";
import type { CallContext } from "../../server/call-context.js";
import { STORAGE_SERVICES } from "../storage/storage-services.js";
import { FrameOperation } from "./contracts.js";

/** A storage endpoint the fabric forwards to: the system id targets name, its address and how to call it. */
export interface StorageSystem {
  /** The id targets name in Port.system_id. */
  readonly systemId: string;
  /** The storage endpoint's address ("host:port", "unix:/path"). */
  readonly target: string;
  /** How the fabric authenticates to it; SHOULD hold the operator role (docs/fabric.md, Targets). */
  readonly auth?: ClientAuth;
  readonly tls?: ConnectOptions["tls"];
  /** Deadline of one forwarded call, ms (default 10 000). */
  readonly timeoutMs?: number;
}

/** The storage command a frame carries. */
export interface StorageCommand {
  readonly operation: FrameOperation;
  readonly volumeId: string;
  readonly offsetBytes: bigint;
  readonly lengthBytes: bigint;
  readonly data: Buffer;
}

/** Volume owners remembered per system: a volume id is never reused, so an owner once learnt stays right. */
const MAX_OWNERS = 10_000;

interface Bound {
  clients: StrataClients<typeof STORAGE_SERVICES>;
  owners: Map<string, string>;
}

/**
 * The fabric's bound targets (docs/fabric.md, Targets): forwards a
 * delivered frame's command to the storage endpoint of the target's system
 * through the standard storage client, with the Transfer's context (its
 * trace, this layer's span as parent, its application), only to a volume of
 * the initiator's tenant. The storage endpoint's answer comes back as it
 * is; one that cannot be reached is UNAVAILABLE.
 */
export class StorageForwarder {
  private readonly systems = new Map<string, Bound>();

  constructor(systems: readonly StorageSystem[] = []) {
    for (const system of systems) {
      if (this.systems.has(system.systemId)) throw new TypeError(`createFabricServer: storage system "${system.systemId}" is configured twice`);
      const clients = connect(system.target, { services: STORAGE_SERVICES, auth: system.auth, tls: system.tls, timeoutMs: system.timeoutMs });
      this.systems.set(system.systemId, { clients, owners: new Map() });
    }
  }

  /** True when targets of the system forward to a storage endpoint. */
  bound(systemId: string): boolean {
    return this.systems.has(systemId);
  }

  /** Forwards a command for a tenant; resolves to a read's data (empty for a write). */
  async forward(systemId: string, tenantId: string, command: StorageCommand, ctx: CallContext): Promise<Buffer> {
    const system = this.systems.get(systemId);
    if (!system) throw new Error(`storage system "${systemId}" is not bound`);
    return reachable(systemId, async () => {
      const owner = await this.ownerOf(system, command.volumeId, ctx.signal);
      if (owner !== tenantId) throw StrataError.notFound("volume", command.volumeId);
      const extras = { context: ctx, signal: ctx.signal };
      const { volumeId, offsetBytes } = command;
      if (command.operation === FrameOperation.FRAME_OPERATION_WRITE) {
        await system.clients.block.write({ volumeId, offsetBytes, data: command.data, durable: false }, extras);
        return Buffer.alloc(0);
      }
      const { data } = await system.clients.block.read({ volumeId, offsetBytes, lengthBytes: command.lengthBytes }, extras);
      return Buffer.from(data);
    });
  }

  close(): void {
    for (const { clients } of this.systems.values()) clients.close();
  }

  /** The tenant owning a volume on the system, undefined when it has none. */
  private async ownerOf(system: Bound, volumeId: string, signal: AbortSignal): Promise<string | undefined> {
    const known = system.owners.get(volumeId);
    if (known !== undefined) return known;
    try {
      const { volume } = await system.clients.volumes.getVolume({ volumeId }, { signal });
      const owner = volume?.workload?.tenantId;
      if (owner === undefined) return undefined;
      if (system.owners.size >= MAX_OWNERS) system.owners.clear();
      system.owners.set(volumeId, owner);
      return owner;
    } catch (error) {
      if (error instanceof StrataError && error.code === status.NOT_FOUND) return undefined;
      throw error;
    }
  }
}

/**
 * Runs a call to a storage endpoint; a transport failure or a deadline the
 * fabric's client gave up at (no details: no answer of the endpoint) becomes
 * a named UNAVAILABLE.
 */
async function reachable<T>(systemId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof StrataError && (error.code === status.UNAVAILABLE || error.code === status.DEADLINE_EXCEEDED) && error.reason === 0) {
      throw StrataError.unavailable(`the storage endpoint of system "${systemId}"`, error);
    }
    throw error;
  }
}
