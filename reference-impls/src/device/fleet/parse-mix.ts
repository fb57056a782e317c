import type { MixEntry } from "./fleet-load.js";

/**
 * Parses a transaction mix, "name:weight:bytes,…" ("login:1:256,search:5:1024"),
 * or throws naming the part that is wrong.
 */
export function parseMix(text: string): MixEntry[] {
  return text.split(",").map((part) => {
    const match = /^([A-Za-z0-9._-]{1,128}):(\d+(?:\.\d+)?):(\d+)$/.exec(part.trim());
    if (!match || Number(match[2]) <= 0) throw new Error(`"${part}" is not name:weight:bytes with a weight above 0`);
    return { name: match[1]!, weight: Number(match[2]), payloadBytes: Number(match[3]) };
  });
}
