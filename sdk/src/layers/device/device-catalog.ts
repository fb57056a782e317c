import { randomBytes } from "node:crypto";
import Denque from "denque";
import type { Device, ExperienceReport } from "./contracts.js";

/** How many reports the kit keeps of each device: the standard's least (docs/device.md, DEV-EXP-4). */
export const REPORTS_PER_DEVICE = 1000;

/** Failed transactions of one series since the last poll. */
export interface FailureCount {
  tenantId: string;
  applicationId: string;
  deviceId: string;
  count: number;
}

/**
 * The device kit's catalogue: devices (by id and by tenant+name), the latest
 * experience reports of each, and the failed transactions per series that
 * the error-rate gauge takes each interval. It lives in memory, as the
 * devices a vendor simulates do.
 */
export class DeviceCatalog {
  readonly devices = new Map<string, Device>();
  private readonly names = new Map<string, string>();
  private readonly reports = new Map<string, Denque<ExperienceReport>>();
  private failures = new Map<string, FailureCount>();
  private reportSequence = 0;
  private readonly reportSuffix = randomBytes(4).toString("hex");

  byName(tenantId: string, name: string): Device | undefined {
    const id = this.names.get(`${tenantId}\u0000${name}`);
    return id === undefined ? undefined : this.devices.get(id);
  }

  put(device: Device): void {
    this.devices.set(device.deviceId, device);
    this.names.set(`${device.workload!.tenantId}\u0000${device.name}`, device.deviceId);
    this.reports.set(device.deviceId, new Denque());
  }

  /** Forgets the device and its reports. */
  remove(device: Device): void {
    this.devices.delete(device.deviceId);
    this.names.delete(`${device.workload!.tenantId}\u0000${device.name}`);
    this.reports.delete(device.deviceId);
  }

  /**
   * A new report id: in the order reports are made (so that a list walks
   * them in that order), never reused by this endpoint.
   */
  nextReportId(): string {
    return `rpt-${(this.reportSequence++).toString(16).padStart(12, "0")}-${this.reportSuffix}`;
  }

  /** Keeps a report of an enrolled device (the oldest one over REPORTS_PER_DEVICE goes); a report of a device gone is dropped. */
  addReport(report: ExperienceReport): void {
    const kept = this.reports.get(report.deviceId);
    if (!kept) return;
    kept.push(report);
    if (kept.length > REPORTS_PER_DEVICE) kept.shift();
  }

  /** The reports of a device, oldest first. */
  reportsOf(deviceId: string): ExperienceReport[] {
    return this.reports.get(deviceId)?.toArray() ?? [];
  }

  /** Counts a failed transaction for its series. */
  countFailure(tenantId: string, applicationId: string, deviceId: string): void {
    const key = `${tenantId}\u0000${applicationId}\u0000${deviceId}`;
    const counted = this.failures.get(key);
    if (counted) counted.count++;
    else this.failures.set(key, { tenantId, applicationId, deviceId, count: 1 });
  }

  /** The failures counted since the last call, which starts a new interval. */
  takeFailures(): FailureCount[] {
    const taken = [...this.failures.values()];
    this.failures = new Map();
    return taken;
  }
}
