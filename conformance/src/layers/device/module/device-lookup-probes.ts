import { device } from "@strata/sdk/device";
import type { LookupProbe } from "../../../registry/layer-probes.js";
import type { DeviceServices } from "../device-checks.js";

/** Every device RPC that names a device by id and answers NOT_FOUND for one that is not the caller's. */
export const deviceLookupProbes: LookupProbe<DeviceServices>[] = [
  { rpc: "DeviceService.GetDevice", ownerRead: true, call: (c, deviceId) => c.devices.getDevice({ deviceId }) },
  {
    rpc: "TransactionService.Transact", ownerRead: true,
    call: (c, deviceId) => c.transactions.transact(device.TransactRequest.fromPartial({ deviceId, transactionName: "lookup", payload: Buffer.from("x") })),
  },
  {
    rpc: "TransactionService.RunJourney", ownerRead: true,
    call: (c, deviceId) => c.transactions.runJourney(device.RunJourneyRequest.fromPartial({
      deviceId, journey: { name: "lookup", steps: [{ transactionName: "look", payload: Buffer.from("x") }] },
    })),
  },
];
