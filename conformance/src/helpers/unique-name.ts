import { randomBytes } from "node:crypto";

/** A name no other check (or earlier run) uses: "conformance-<stem>-<8 hex>". */
export function uniqueName(stem: string): string {
  return `conformance-${stem}-${randomBytes(4).toString("hex")}`;
}
