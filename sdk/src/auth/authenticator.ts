import type { Metadata } from "@grpc/grpc-js";
import type { PeerCertificate } from "node:tls";
import type { Principal } from "./principal.js";

/** What an authenticator sees of a call. */
export interface CallCredentials {
  metadata: Metadata;
  /** The verified client certificate of an mTLS connection, if any. */
  peerCertificate: PeerCertificate | undefined;
}

/**
 * Establishes the caller's principal from its credentials. Answers undefined
 * when the call carries no credentials of its kind (so the next authenticator
 * may try) and throws StrataError UNAUTHENTICATED when they are present but do
 * not verify.
 */
export interface Authenticator {
  readonly kind: Principal["authenticatedBy"];
  authenticate(call: CallCredentials): Promise<Principal | undefined>;
}

/** Reads one string metadata value. */
export function metadataValue(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === "string" ? value : undefined;
}
