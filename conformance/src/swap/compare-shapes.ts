import type { EndpointShape } from "./endpoint-shape.js";

/** One thing a tool depends on, as endpoint A and endpoint B show it. */
export interface SwapRow {
  /** "metric", "record", "node", "relation", "status" or "value". */
  aspect: string;
  subject: string;
  /** Undefined where the endpoint does not show it at all. */
  a?: string;
  b?: string;
  same: boolean;
}

/** Lines the two shapes up, sorted by aspect and subject. */
export function compareShapes(a: EndpointShape, b: EndpointShape): SwapRow[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.map((key) => {
    const space = key.indexOf(" ");
    return { aspect: key.slice(0, space), subject: key.slice(space + 1), a: a.get(key), b: b.get(key), same: a.get(key) === b.get(key) };
  });
}
