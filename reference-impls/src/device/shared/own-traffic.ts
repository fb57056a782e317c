import { createHash } from "node:crypto";
import type { device, TransactionIssuer } from "@strata/sdk/device";

/** The enrolled devices a vendor's own traffic comes from: those of the tenants given, or every one when none is. */
export function devicesOf(issuer: TransactionIssuer, tenants: readonly string[] = []): device.Device[] {
  const all = issuer.devices();
  return tenants.length === 0 ? [...all] : all.filter((d) => tenants.includes(d.workload?.tenantId ?? ""));
}

/**
 * A payload of `bytes` bytes that depends only on `name`: the SHA-256 chain
 * of the name, so that a scripted transaction sends the same bytes every
 * time it runs.
 */
export function patternPayload(name: string, bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let block = createHash("sha256").update(name).digest();
  for (let at = 0; at < bytes; at += block.length) {
    block.copy(out, at, 0, Math.min(block.length, bytes - at));
    block = createHash("sha256").update(block).digest();
  }
  return out;
}
