import { randomBytes } from "node:crypto";

/** A name no other check (or earlier run) uses: "conformance-<stem>-<8 hex>". */
export function uniqueName(stem: string): string {
  return `conformance-${stem}-${randomBytes(4).toString("hex")}`;
}

/**
 * An application id no other check (or earlier run) uses, in the form of the
 * run's own (the config's applicationId): "<applicationId>-<stem>-<8 hex>".
 *
 * @example
 * const applicationId = uniqueApplicationId(t, "watch"); // "conformance-watch-1f2e3d4c"
 */
export function uniqueApplicationId(t: { config: { applicationId: string } }, stem: string): string {
  return `${t.config.applicationId}-${stem}-${randomBytes(4).toString("hex")}`;
}
