import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** What a page token is bound to: the List method, who walks the list, and the request's filters. */
export interface PageTokenBinding {
  /** The full method path, "/<package>.<Service>/<Method>". */
  method: string;
  /** Who walks the list, as far as it decides what the list holds (tenant and operator role). */
  identity: string;
  /** The request's filters, as the handler spells them. */
  filters: string;
}

/** Issues and reads the page tokens of one endpoint. */
export interface PageTokens {
  /** A token for the page after the item whose key is `after`. */
  issue(after: string, binding: PageTokenBinding): string;
  /** The key a token this endpoint issued for exactly this binding carries; undefined for any other string. */
  read(token: string, binding: PageTokenBinding): string | undefined;
}

const MAC_BYTES = 16;

/**
 * Page tokens signed with HMAC-SHA256 under a key of the endpoint (random per
 * process unless given), so that a token is good only where it was issued:
 * on this endpoint, for the same List method, the same caller's view and the
 * same filters. A forged or altered token, or one used elsewhere, reads as
 * undefined. The token carries the last key served in the clear: the caller
 * saw that item on the page.
 */
export function createPageTokens(key: Uint8Array = randomBytes(32)): PageTokens {
  const mac = (payload: string, binding: PageTokenBinding) => createHmac("sha256", key)
    .update(`${binding.method}\u0000${binding.identity}\u0000${binding.filters}\u0000${payload}`)
    .digest()
    .subarray(0, MAC_BYTES);
  return {
    issue(after, binding) {
      const payload = Buffer.from(JSON.stringify({ v: 2, a: after })).toString("base64url");
      return `${payload}.${mac(payload, binding).toString("base64url")}`;
    },
    read(token, binding) {
      const [payload, signature, extra] = token.split(".");
      if (!payload || !signature || extra !== undefined) return undefined;
      const given = Buffer.from(signature, "base64url");
      if (given.length !== MAC_BYTES || !timingSafeEqual(given, mac(payload, binding))) return undefined;
      try {
        const parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { v?: unknown; a?: unknown };
        return parsed.v === 2 && typeof parsed.a === "string" ? parsed.a : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
