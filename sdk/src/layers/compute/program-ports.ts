import { Metadata, status } from "@grpc/grpc-js";
import { isStrataError, StrataError } from "../../errors/strata-error.js";
import type { CallExtras } from "../../client/connect.js";
import type { CallContext } from "../../server/call-context.js";
import { CallSpan, parseTraceparent, type TraceContext } from "../../server/call-span.js";
import { createPageTokens } from "../../server/page-tokens.js";
import { DataPathRecord, statusCodeOf } from "../../telemetry/data-path-record.js";
import { decodeApplicationFrame, encodeApplicationFrame } from "../network/application-frame.js";
import { FrameKind, type ApplicationFrame, type Datagram, type Endpoint } from "../network/contracts.js";
import { COMPUTE_MEASUREMENTS } from "./compute-catalogue.js";
import type { ComputeKit } from "./compute-kit.js";
import type { NetworkReach, ProgramLan } from "./compute-program.js";
import { AttachmentKind, InstanceState, type Instance } from "./contracts.js";
import { runProgram } from "./run-program.js";

/** The header's fixed bytes before the operation (docs/network.md, Application framing). */
const FRAME_FIXED_BYTES = 15;
/** How long a framed request waits for its response, ms, unless its caller gives up first. */
const RESPONSE_TIMEOUT_MS = 10_000;
/** How long a port waits before looking for its endpoint again, or reopening its Receive stream, ms. */
const RETRY_MS = 250;
/** The method a served request's context names. */
const SERVED_METHOD = "/strata.network.v1.DatagramService/Receive";

interface Pending {
  resolve(body: Buffer): void;
  reject(error: unknown): void;
}

/**
 * The LAN side of the instances that run programs: for each such instance
 * with a LAN port attached, one Receive stream on the port's endpoint. It
 * pairs framed responses with the framed requests the program sent
 * (ProgramLan.request), and, when the program serves, answers each framed
 * request it receives as a unit of work on the instance: one request record
 * (operation "execute") continuing the datagram's traceparent, then a
 * framed response Sent back to the requester.
 */
export class ProgramPorts {
  private readonly runtimes = new Map<string, PortRuntime>();
  private closed = false;

  constructor(private readonly kit: ComputeKit) {}

  /** Starts (or keeps) the port runtime of an instance whose program serves; call after an attach or a start. */
  refresh(instance: Instance): void {
    if (this.closed || !this.kit.network || !this.kit.programs.get(instance.program)?.serves) return;
    this.runtimeOf(instance);
  }

  /**
   * The framed-request side of an instance's LAN port, its requests made
   * with `extras` (the request's context); undefined without a LAN port,
   * LAN endpoint or LAN reach.
   */
  async lanOf(instance: Instance, extras: CallExtras): Promise<ProgramLan | undefined> {
    const runtime = this.runtimeOf(instance);
    const endpoint = runtime ? await runtime.endpoint() : undefined;
    if (!runtime || !endpoint) return undefined;
    return {
      address: endpoint.address,
      request: (destinationAddress, operation, body) => runtime.request(destinationAddress, operation, body, extras),
    };
  }

  /** Stops the runtime of an instance (detached port, deleted instance). */
  forget(instanceId: string): void {
    this.runtimes.get(instanceId)?.close();
    this.runtimes.delete(instanceId);
  }

  close(): void {
    this.closed = true;
    for (const runtime of this.runtimes.values()) runtime.close();
    this.runtimes.clear();
  }

  private runtimeOf(instance: Instance): PortRuntime | undefined {
    const network = this.kit.network;
    if (this.closed || !network || instance.program === "") return undefined;
    const port = this.kit.catalog.attachmentsOf(instance.instanceId).find((a) => a.kind === AttachmentKind.ATTACHMENT_KIND_NETWORK_PORT);
    let runtime = this.runtimes.get(instance.instanceId);
    if (runtime && runtime.portId !== port?.targetId) {
      this.forget(instance.instanceId);
      runtime = undefined;
    }
    if (!port) return undefined;
    if (!runtime) {
      runtime = new PortRuntime(this.kit, network, instance, port.targetId);
      this.runtimes.set(instance.instanceId, runtime);
    }
    return runtime;
  }
}

/** One instance's LAN port: its endpoint, its Receive stream, its pending requests. */
class PortRuntime {
  private found: Endpoint | undefined;
  private finding: Promise<Endpoint | undefined> | undefined;
  private readonly pending = new Map<bigint, Pending>();
  private readonly stop = new AbortController();
  private nextRequestId = 1n;

  constructor(private readonly kit: ComputeKit, private readonly network: NetworkReach, private readonly instance: Instance, readonly portId: string) {
    void this.receiveLoop();
  }

  /** The LAN endpoint on the port, looked up once found (undefined until some endpoint is attached to it). */
  endpoint(): Promise<Endpoint | undefined> {
    if (this.found) return Promise.resolve(this.found);
    this.finding ??= this.lookUp().finally(() => { this.finding = undefined; });
    return this.finding;
  }

  /** Sends a framed request from the port's endpoint and resolves to its framed response's body. */
  async request(destinationAddress: string, operation: string, body: Buffer, extras: CallExtras): Promise<Buffer> {
    const signal = extras.signal;
    const endpoint = await this.endpoint();
    if (!endpoint) throw StrataError.unavailable(`the LAN endpoint of port "${this.portId}" of instance "${this.instance.instanceId}"`);
    const requestId = this.nextRequestId++;
    const payload = encodeApplicationFrame({ kind: FrameKind.FRAME_KIND_REQUEST, requestId, operation, status: 0 }, body);
    const answered = new Promise<Buffer>((resolve, reject) => this.pending.set(requestId, { resolve, reject }));
    const timer = setTimeout(() => this.settle(requestId, undefined, StrataError.unavailable(`the response to LAN request ${requestId} "${operation}" to ${destinationAddress}`)), RESPONSE_TIMEOUT_MS);
    const abandon = () => this.settle(requestId, undefined, StrataError.cancelled(`LAN request ${requestId}`));
    signal?.addEventListener("abort", abandon, { once: true });
    try {
      await this.network.clients.datagrams.send(
        { networkId: endpoint.networkId, sourceEndpointId: endpoint.endpointId, destinationAddress, payload },
        { ...extras, ...this.callExtras },
      ).catch((error: unknown) => {
        this.settle(requestId, undefined, error);
      });
      return await answered;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abandon);
    }
  }

  close(): void {
    this.stop.abort();
    for (const id of [...this.pending.keys()]) this.settle(id, undefined, StrataError.unavailable(`LAN port "${this.portId}" of instance "${this.instance.instanceId}" (detached)`));
  }

  /** The calls this runtime makes to the LAN endpoint for the instance's tenant. */
  private get callExtras() {
    return { metadata: this.network.metadataFor?.(this.instance.workload!.tenantId) };
  }

  private settle(requestId: bigint, body: Buffer | undefined, error?: unknown): void {
    const pending = this.pending.get(requestId);
    if (!pending) return;
    this.pending.delete(requestId);
    if (body) pending.resolve(body);
    else pending.reject(error);
  }

  private async lookUp(): Promise<Endpoint | undefined> {
    let pageToken = "";
    do {
      const { endpoints, page } = await this.network.clients.endpoints.listEndpoints({ page: { pageSize: 0, pageToken }, networkId: "" }, this.callExtras);
      const endpoint = endpoints.find((e) => e.portId === this.portId);
      if (endpoint) return (this.found = endpoint);
      pageToken = page?.nextPageToken ?? "";
    } while (pageToken !== "" && !this.stop.signal.aborted);
    return undefined;
  }

  /** Keeps one Receive stream open on the endpoint while the runtime lives. */
  private async receiveLoop(): Promise<void> {
    while (!this.stop.signal.aborted) {
      const endpoint = await this.endpoint().catch(() => undefined);
      if (endpoint) await this.receive(endpoint).catch(() => undefined);
      // A port without an endpoint yet is looked at again less often.
      if (!this.stop.signal.aborted) await new Promise((resolve) => setTimeout(resolve, endpoint ? RETRY_MS : 4 * RETRY_MS).unref?.());
    }
  }

  private receive(endpoint: Endpoint): Promise<void> {
    return new Promise((resolve) => {
      const stream = this.network.clients.datagrams.receive(
        { networkId: endpoint.networkId, endpointId: endpoint.endpointId }, { ...this.callExtras, signal: this.stop.signal },
      );
      stream.on("data", (response: { datagrams: Datagram[] }) => {
        for (const datagram of response.datagrams) this.take(endpoint, datagram);
      });
      stream.on("error", (error: { code?: number }) => {
        // The endpoint was detached or is gone: look it up again.
        if (error.code === status.NOT_FOUND) this.found = undefined;
      });
      stream.on("close", () => resolve());
    });
  }

  private take(endpoint: Endpoint, datagram: Datagram): void {
    const payload = Buffer.from(datagram.payload);
    const frame = decodeApplicationFrame(payload);
    if (!frame) return;
    const body = payload.subarray(FRAME_FIXED_BYTES + frame.operation.length);
    if (frame.kind === FrameKind.FRAME_KIND_RESPONSE) {
      const error = frame.status === 0 ? undefined : StrataError.unavailable(`LAN request ${frame.requestId} "${frame.operation}" (the server answered status ${frame.status})`);
      this.settle(frame.requestId, error ? undefined : body, error);
      return;
    }
    if (this.kit.programs.get(this.instance.program)?.serves) void this.serve(endpoint, datagram, frame, body);
  }

  /** Answers one framed request as a unit of work on the instance, with its own request record. */
  private async serve(endpoint: Endpoint, datagram: Datagram, frame: ApplicationFrame, body: Buffer): Promise<void> {
    const { kit, instance } = this;
    const { tenantId, applicationId } = instance.workload!;
    const trace = parseTraceparent(datagram.traceparent || undefined);
    const span = new CallSpan(trace);
    const record = new DataPathRecord(kit.telemetry, {
      operation: "execute", startTimeUnixNano: kit.telemetry.now(), resourceId: instance.instanceId, tenantId, applicationId, span,
    });
    record.resolve({ resourceId: instance.instanceId, tenantId, applicationId, attributes: { host_id: instance.hostId, work: "program" } });
    const ctx = servedContext(trace, span, record, tenantId, applicationId, this.stop.signal);
    let statusCode: number = status.OK;
    let answer: Buffer = Buffer.alloc(0);
    try {
      if (instance.state !== InstanceState.INSTANCE_STATE_RUNNING) throw StrataError.busy("instance", instance.instanceId, "is stopped: start it first");
      const outcome = await runProgram(kit, instance, { operation: frame.operation, payload: body }, ctx);
      const cpuTimeNs = Math.round(outcome.cpuTimeNs);
      const runQueueDelayNs = Math.round(outcome.runQueueDelayNs);
      kit.catalog.addCpuTime(instance.instanceId, cpuTimeNs);
      record.payloadBytes = body.length;
      record.measurements = { [COMPUTE_MEASUREMENTS.cpuTime]: cpuTimeNs, [COMPUTE_MEASUREMENTS.runQueueDelay]: runQueueDelayNs };
      answer = outcome.output;
    } catch (error) {
      statusCode = statusCodeOf(error);
    }
    try {
      const payload = encodeApplicationFrame({ kind: FrameKind.FRAME_KIND_RESPONSE, requestId: frame.requestId, operation: frame.operation, status: statusCode }, answer);
      await this.network.clients.datagrams.send(
        { networkId: endpoint.networkId, sourceEndpointId: endpoint.endpointId, destinationAddress: datagram.sourceAddress, payload },
        { ...this.callExtras, context: ctx, signal: this.stop.signal },
      );
    } catch (error) {
      if (statusCode === status.OK) statusCode = isStrataError(error) ? status.UNAVAILABLE : statusCodeOf(error);
    }
    record.finish(statusCode);
  }
}

/** The context of a served request: no gRPC call of its own, the instance's tenant, the datagram's trace. */
function servedContext(trace: TraceContext | undefined, span: CallSpan, record: DataPathRecord, tenantId: string, applicationId: string, signal: AbortSignal): CallContext {
  return {
    principal: { tenantId, roles: [], authenticatedBy: "insecure-header", subject: "lan" },
    applicationId, trace, span, method: SERVED_METHOD, metadata: new Metadata(), signal, dataPath: record,
    pageTokens: createPageTokens(),
  };
}
