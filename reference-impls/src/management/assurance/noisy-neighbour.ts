import { connect, isStrataError } from "@strata/sdk/client";
import { compute, COMPUTE_SERVICES, createComputeServer } from "@strata/sdk/compute";
import { management, telemetry, type core } from "@strata/sdk/contracts";
import { network, NETWORK_SERVICES } from "@strata/sdk/network";
import type { LayerServer } from "@strata/sdk/server";
import { storage, STORAGE_SERVICES } from "@strata/sdk/storage";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createThreadpoolBackend } from "../../compute/threadpool/threadpool-backend.js";
import { createHubServer } from "../../hub/index.js";
import { connectHub } from "../hub/connect-hub.js";
import { applicationWindows, TRANSACTION_LATENCY, TRANSACTION_LAYER_TIME } from "./application-windows.js";
import { createAssurance } from "./create-assurance.js";
import { startScenarioLayers, type ScenarioStorage } from "./noisy-neighbour-stack.js";

const DEV = { insecureDevelopmentMode: true };
const OPERATOR = { tenant: "ops", roles: ["operator"] };
const KiB = 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One phase of the scenario: A alone for calmMs, then B's flood for floodMs, with the controller on or off. */
export interface NoisyNeighbourPhase {
  /** Whether the assurance controller runs in this phase. */
  controller: boolean;
  /** How long tenant B floods, ms. */
  floodMs: number;
  /** How long tenant A runs alone first, ms (default 1500): the controller's calm baseline. */
  calmMs?: number;
  /** After the flood, how long the controller is left to relax before it stops, ms (default 0). */
  tailMs?: number;
}

export interface NoisyNeighbourOptions {
  /** The phases, run one after the other on the same stack. */
  phases: readonly NoisyNeighbourPhase[];
  /** A's p99 target, ms (default 200). */
  targetMs?: number;
  /** The storage vendor, on the scenario's slow disk (default memstore). */
  storage?: ScenarioStorage;
  /** The LAN vendor, a reference one's name (default softswitch). */
  lan?: string;
}

export interface NoisyNeighbourResult {
  controller: boolean;
  targetNs: number;
  /** When B's flood started, UNIX ns. */
  floodStartNs: bigint;
  /** A's p99 in each of the hub's windows during the flood, ns. */
  windowsP99Ns: number[];
  /** Those windows in detail: when each started (ns after the flood started), its transactions, and each layer's mean share, ns. */
  windows: Array<{ offsetNs: number; transactions: number; p99Ns: number; layerMeanNs: Map<core.Layer, number> }>;
  /** The fraction of those windows under the target. */
  withinTarget: number;
  /** A's p99 as its own client saw it over the flood, ns. */
  clientP99Ns: number;
  /** A's p99 in the hub's windows before the flood, ns. */
  calmP99Ns: number[];
  /** The controller's audit trail, oldest first. */
  actions: management.SlaAction[];
}

/** The volume and LAN of one tenant's application. */
async function provision(storageAddress: string, lanAddress: string, tenant: string, applicationId: string, qosClass: boolean) {
  const disks = connect(storageAddress, { services: STORAGE_SERVICES, auth: { tenant }, applicationId });
  const lan = connect(lanAddress, { services: NETWORK_SERVICES, auth: { tenant }, applicationId });
  const workload = { applicationId };
  const { volume } = await disks.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({ name: `${applicationId}-data`, workload, capacityBytes: 4n << 20n }));
  const { network: net } = await lan.networks.createNetwork(network.CreateNetworkRequest.fromPartial({ name: `${applicationId}-lan`, workload }));
  const qosClassId = qosClass ? (await lan.qosClasses.setQosClass(network.SetQosClassRequest.fromPartial({ qosClass: { name: "bulk", workload } }))).qosClass!.qosClassId : "";
  const endpoints: network.Endpoint[] = [];
  for (const name of ["front", "back"]) {
    const { port } = await lan.ports.createPort(network.CreatePortRequest.fromPartial({ networkId: net!.networkId, name, workload, qosClassId }));
    endpoints.push((await lan.endpoints.attachEndpoint({ portId: port!.portId, name, hostId: "", labels: {} })).endpoint!);
  }
  // The application reads what it sends, as a real one does: a receive queue nobody drains fills, and the LAN then refuses its sends.
  const reading = lan.datagrams.receive({ networkId: net!.networkId, endpointId: endpoints[1]!.endpointId });
  reading.on("data", () => {});
  reading.on("error", () => {});
  type Extras = Parameters<typeof disks.block.write>[1];
  const send = (payload: Buffer, extras?: Extras) =>
    lan.datagrams.send({ networkId: net!.networkId, sourceEndpointId: endpoints[0]!.endpointId, destinationAddress: endpoints[1]!.address, payload }, extras);
  const write = (page: number, data: Buffer, extras?: Extras) =>
    disks.block.write(storage.WriteRequest.fromPartial({ volumeId: volume!.volumeId, offsetBytes: BigInt(page * 64 * KiB), data }), extras);
  return { write, send, close: () => { reading.cancel(); disks.close(); lan.close(); } };
}

/**
 * Runs `body` in `n` loops until `running()` is false. A refused call (a
 * limit's RESOURCE_EXHAUSTED) waits the RetryInfo delay it came with, as the
 * standard's retry rule says, and at least 200 ms (a client that backs off),
 * then goes on.
 */
const loops = (n: number, running: () => boolean, body: (loop: number, i: number) => Promise<unknown>) =>
  Promise.all(Array.from({ length: n }, async (_, loop) => {
    for (let i = 0; running(); i++) await body(loop, i).catch((error: unknown) => sleep(Math.max(200, isStrataError(error) ? error.retryDelayMs ?? 0 : 0)));
  }));

const p99 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(values.length * 0.99) - 1)] ?? 0;

/**
 * The noisy-neighbour scenario on reference vendors in process (a storage
 * vendor on a slow disk that queues, memstore's spindles or blockfile's
 * device model; a LAN vendor; a hub): tenant A's "trading"
 * writes and sends steadily under an SLA on its p99; after calmMs tenant B's
 * "batch" floods the same storage pool with concurrent writers and its own
 * LAN with large datagrams, once per phase, with the controller on or off.
 * A's p99 is read from the hub's windows by a subscriber of its own, apart
 * from the controller.
 */
export async function runNoisyNeighbour(options: NoisyNeighbourOptions): Promise<NoisyNeighbourResult[]> {
  const targetNs = (options.targetMs ?? 200) * 1e6;
  const servers: LayerServer[] = [];
  const closers: Array<() => void> = [];
  const scratchDir = mkdtempSync(join(tmpdir(), "strata-noisy-neighbour-"));
  try {
    const { storage: disks, lan } = await startScenarioLayers(options.storage ?? "memstore", options.lan ?? "softswitch", { auth: DEV, sampleIntervalMs: 100, scratchDir });
    servers.push(disks, lan);
    const storageAddress = await disks.listen("127.0.0.1:0");
    const lanAddress = await lan.listen("127.0.0.1:0");
    const a = await provision(storageAddress, lanAddress, "tenant-a", "trading", false);
    const b = await provision(storageAddress, lanAddress, "tenant-b", "batch", true);
    closers.push(a.close, b.close);
    // A's transactions: an Execute on its compute instance that, like a real application tier, writes its result to
    // its volume and sends it over its LAN with the Execute's trace context, so the hub stitches compute, storage and LAN.
    const base = createThreadpoolBackend();
    let page = 0;
    const cpu = createComputeServer({
      info: { vendor: "Strata scenario", product: "threadpool-writing-to-storage-and-lan", version: "1" }, auth: DEV, sampleIntervalMs: 100,
      backend: {
        ...base,
        execute: async (request) => {
          const result = await base.execute(request);
          await a.write(page++ % 16, Buffer.alloc(4 * KiB, page), { context: request.ctx });
          await a.send(Buffer.from(result.digest), { context: request.ctx });
          return result;
        },
      },
    });
    servers.push(cpu);
    const computeAddress = await cpu.listen("127.0.0.1:0");
    const hub = createHubServer({
      endpoints: [storageAddress, lanAddress, computeAddress].map((target) => ({ target, auth: OPERATOR })), auth: DEV, sampleIntervalMs: 200, stitching: { settleMs: 300 },
    });
    servers.unshift(hub);
    const hubConnection = { address: await hub.listen("127.0.0.1:0"), auth: OPERATOR };
    const instances = connect(computeAddress, { services: COMPUTE_SERVICES, auth: { tenant: "tenant-a" }, applicationId: "trading" });
    closers.push(instances.close);
    const { instance } = await instances.instances.createInstance(compute.CreateInstanceRequest.fromPartial({
      name: "trading-1", workload: { applicationId: "trading" }, vcpuCount: 1, memoryBytes: 64n << 20n,
    }));

    const sla = management.Sla.fromPartial({
      tenantId: "tenant-a", applicationId: "trading", percentile: 99, latencyTargetNs: BigInt(targetNs), priority: management.SlaPriority.SLA_PRIORITY_CRITICAL,
    });

    // The measure: A's windows as the hub derives them, read apart from the controller.
    const observer = connectHub(hubConnection);
    closers.push(observer.close);
    const abort = new AbortController();
    const windows: Array<{ startNs: bigint; endNs: bigint; p99: number; transactions: number; layerMeanNs: Map<core.Layer, number> }> = [];
    let markSynced!: () => void;
    const synced = new Promise<void>((resolve) => (markSynced = resolve));
    const watching = (async () => {
      const request = { mode: telemetry.Mode.MODE_STREAM, selector: { metrics: [TRANSACTION_LATENCY, TRANSACTION_LAYER_TIME], tenantIds: ["tenant-a"], applicationIds: ["trading"] } };
      for await (const event of observer.stream(request, { signal: abort.signal })) {
        if (event.type === "sync") markSynced();
        if (event.type !== "batch") continue;
        for (const w of applicationWindows(event.samples)) windows.push({ startNs: w.startTimeUnixNano, endNs: w.timeUnixNano, p99: w.latency.quantile(0.99), transactions: w.latency.count, layerMeanNs: w.layerMeanNs });
      }
    })().catch(() => {});
    await synced;

    let aRunning = true;
    const clientLatencies: number[] = [];
    let flooding = false;
    const tenantA = loops(2, () => aRunning, async (loop, i) => {
      const started = performance.now();
      await instances.execution.execute(compute.ExecuteRequest.fromPartial({ instanceId: instance!.instanceId, hash: { sizeBytes: 256n, seed: Buffer.from(`t${loop}.${i}`) } }));
      if (flooding) clientLatencies.push((performance.now() - started) * 1e6);
      await sleep(4);
    });
    const phase = async ({ controller, floodMs, calmMs = 1500, tailMs = 0 }: NoisyNeighbourPhase): Promise<NoisyNeighbourResult> => {
      const assurance = controller
        ? await createAssurance({ hub: hubConnection, slas: [sla], endpoints: { storage: [storageAddress], network: [lanAddress], compute: [computeAddress] }, holdNs: 2_000_000_000n })
        : undefined;
      await assurance?.synced;
      await sleep(calmMs);
      const floodStartNs = BigInt(Date.now()) * 1_000_000n;
      clientLatencies.length = 0;
      flooding = true;
      let bRunning = true;
      const tenantB = Promise.all([
        loops(32, () => bRunning, (loop, i) => b.write((loop * 7 + i) % 64, Buffer.alloc(4 * KiB, loop))),
        loops(1, () => bRunning, async (loop) => { await b.send(Buffer.alloc(16 * KiB, loop)); await sleep(20); }),
      ]);
      await sleep(floodMs);
      bRunning = false;
      flooding = false;
      const floodEndNs = BigInt(Date.now()) * 1_000_000n;
      await tenantB;
      await sleep(600 + tailMs); // the last windows settle and reach the hub's stream
      await assurance?.stop();
      const flood = windows.filter((w) => w.startNs >= floodStartNs && w.endNs <= floodEndNs);
      const during = flood.map((w) => w.p99);
      return {
        controller,
        targetNs,
        floodStartNs,
        windowsP99Ns: during,
        windows: flood.map((w) => ({ offsetNs: Number(w.startNs - floodStartNs), transactions: w.transactions, p99Ns: w.p99, layerMeanNs: w.layerMeanNs })),
        calmP99Ns: windows.filter((w) => w.endNs <= floodStartNs && w.startNs >= floodStartNs - BigInt(calmMs) * 1_000_000n).map((w) => w.p99),
        withinTarget: during.length > 0 ? during.filter((p) => p <= targetNs).length / during.length : 0,
        clientP99Ns: p99(clientLatencies),
        actions: assurance ? assurance.actions.list().reverse() : [],
      };
    };
    const results: NoisyNeighbourResult[] = [];
    for (const p of options.phases) results.push(await phase(p));
    aRunning = false;
    await tenantA;
    abort.abort();
    await watching;
    return results;
  } finally {
    for (const close of closers.reverse()) close();
    for (const server of servers) await server.shutdown(200);
    rmSync(scratchDir, { recursive: true, force: true });
  }
}
