/**
 * A disk slower than the host's, declared: each I/O holds its device slot
 * for at least the model's service time, so that a flood fills the device
 * queue as it would on a real slow disk, where the host's fast disk and page
 * cache would drain it at once.
 */
export interface DeviceModel {
  /** Fixed cost of one I/O (seek and rotation), ns. */
  accessNs: number;
  /** Media transfer rate, bytes per second. */
  bytesPerSecond: number;
}

/** The service time of one I/O of `bytes` on the model, ns. */
export const serviceNs = (model: DeviceModel, bytes: number): number => model.accessNs + (bytes / model.bytesPerSecond) * 1e9;

/**
 * Waits until an I/O of `bytes` started at `startedNs` (process.hrtime) has
 * lasted the model's service time; a remainder under a timer's resolution
 * (1 ms) is not slept.
 */
export async function paceIo(model: DeviceModel, bytes: number, startedNs: bigint): Promise<void> {
  const remainingMs = (serviceNs(model, bytes) - Number(process.hrtime.bigint() - startedNs)) / 1e6;
  if (remainingMs >= 1) await new Promise((resolve) => setTimeout(resolve, remainingMs));
}

/** The model in words, for the device's description. */
export const describeDeviceModel = (model: DeviceModel): string =>
  `paced as a disk of ${model.accessNs / 1e6} ms access and ${model.bytesPerSecond / 1e6} MB/s per I/O in flight`;
