import type { LayerServer } from "../../server/create-layer-server.js";
import { layerKitBase, serveLayerKit, type LayerKitOptions } from "../../server/serve-layer-kit.js";
import { TransactionOrigin } from "./contracts.js";
import type { DeviceBackend, DeviceRoute, TransactionIssuer } from "./device-backend.js";
import { DeviceCatalog } from "./device-catalog.js";
import { DEVICE_CATALOGUE } from "./device-catalogue.js";
import { deviceGauges } from "./device-gauges.js";
import type { DeviceKit } from "./device-kit.js";
import { createDeviceService } from "./device-service.js";
import { DeviceTopology } from "./device-topology.js";
import { createEchoRoute } from "./echo-route.js";
import { createExperienceService } from "./experience-service.js";
import { issueRecorded } from "./issue-transaction.js";
import { createTransactionService, deviceDataPath } from "./transaction-service.js";

/** The three device services a device endpoint serves. */
export interface DeviceServices {
  devices: ReturnType<typeof createDeviceService>;
  transactions: ReturnType<typeof createTransactionService>;
  experience: ReturnType<typeof createExperienceService>;
}

export interface DeviceServerOptions extends LayerKitOptions<DeviceServices, DeviceKit> {
  /** The vendor's device logic: how its devices issue transactions. */
  backend: DeviceBackend;
  /** Where transactions go; the built-in echo application in this process by default. */
  route?: DeviceRoute;
}

/** A device endpoint: a LayerServer plus the device kit behind it. */
export interface DeviceServer extends LayerServer {
  readonly kit: DeviceKit;
}

/** The largest payload of one transaction (Limits.max_io_bytes) unless the options say otherwise: 64 KiB. */
const DEFAULT_MAX_IO_BYTES = 64 * 1024;

/**
 * Serves the whole device layer over a vendor's DeviceBackend: the three
 * device services, plus everything createLayerServer gives. Every Transact
 * goes through the data-path interceptor (one record, trace context); the
 * kit records a journey's steps and the backend's own transactions itself,
 * one record each, and keeps the experience report of every transaction.
 */
export function createDeviceServer(options: DeviceServerOptions): DeviceServer {
  const { base, graph } = layerKitBase(options, DEVICE_CATALOGUE, { maxIoBytes: DEFAULT_MAX_IO_BYTES });
  const kit: DeviceKit = {
    ...base,
    catalog: new DeviceCatalog(),
    backend: options.backend,
    route: options.route ?? createEchoRoute(),
    topology: new DeviceTopology(graph),
  };
  kit.telemetry.registerGauges(deviceGauges(kit));
  const services: DeviceServices = {
    devices: createDeviceService(kit), transactions: createTransactionService(kit), experience: createExperienceService(kit),
  };
  const closing = new AbortController();
  options.backend.start?.(ownIssuer(kit, closing.signal));
  return serveLayerKit(options, {
    catalogue: DEVICE_CATALOGUE, dataPath: deviceDataPath, kit, graph, services,
    async close() {
      closing.abort();
      await options.backend.close?.();
      await kit.route.close?.();
    },
  });
}

/** What the backend issues its own transactions through: each recorded under a trace of its own, for the device's owner. */
function ownIssuer(kit: DeviceKit, signal: AbortSignal): TransactionIssuer {
  return {
    devices: () => [...kit.catalog.devices.values()],
    async issue(deviceId, own) {
      const device = kit.catalog.devices.get(deviceId);
      if (!device || signal.aborted) return undefined;
      const step = {
        transactionName: own.transactionName, payload: own.payload, echo: { delayNs: own.echo?.delayNs ?? 0, fail: own.echo?.fail ?? false },
      };
      const { report } = await issueRecorded(kit, device, step, {
        tenantId: device.workload!.tenantId, applicationId: undefined, trace: undefined, startsTrace: true,
        origin: TransactionOrigin.TRANSACTION_ORIGIN_ENDPOINT, journey: own.journey, signal,
      });
      return report;
    },
  };
}
