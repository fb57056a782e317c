import { randomBytes } from "node:crypto";

/** A new resource id that is never reused: a prefix and 96 random bits ("res-3f9a…"). */
export function newId(prefix: string): string {
  return `${prefix}-${randomBytes(12).toString("hex")}`;
}
