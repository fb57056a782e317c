import { DeviceServiceService, ExperienceServiceService, TransactionServiceService } from "./contracts.js";

/**
 * The device layer's services by client name, for `connect()`.
 *
 * @example
 * const strata = connect(target, { auth, services: DEVICE_SERVICES });
 * const { device } = await strata.devices.enrollDevice({ name: "alice-phone", workload: { applicationId: "shop" }, userId: "alice", kind: device.DeviceKind.DEVICE_KIND_PHONE });
 * const { report } = await strata.transactions.transact({ deviceId: device!.deviceId, transactionName: "checkout", payload: Buffer.from("cart") });
 */
export const DEVICE_SERVICES = {
  devices: DeviceServiceService,
  transactions: TransactionServiceService,
  experience: ExperienceServiceService,
} as const;
