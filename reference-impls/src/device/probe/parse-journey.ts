import type { ScriptedJourney } from "./journey-monitor.js";

/**
 * Parses a scripted journey, "name=transaction:bytes,…"
 * ("shop=login:256,search:1024,checkout:4096"), or throws naming the part
 * that is wrong.
 */
export function parseJourney(text: string): ScriptedJourney {
  const match = /^([A-Za-z0-9._-]{1,128})=(.+)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not name=transaction:bytes,…`);
  const steps = match[2]!.split(",").map((part) => {
    const step = /^([A-Za-z0-9._-]{1,128}):(\d+)$/.exec(part.trim());
    if (!step) throw new Error(`step "${part}" of journey ${match[1]} is not transaction:bytes`);
    return { transactionName: step[1]!, payloadBytes: Number(step[2]) };
  });
  if (steps.length > 16) throw new Error(`journey ${match[1]} has ${steps.length} steps; at most 16`);
  return { name: match[1]!, steps };
}
