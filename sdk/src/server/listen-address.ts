import { ServerCredentials } from "@grpc/grpc-js";
import { readFileSync } from "node:fs";

/** TLS material for a listener. With clientCaPath, clients must present a certificate (mTLS). */
export interface TlsFiles {
  certPath: string;
  keyPath: string;
  clientCaPath?: string;
}

/** Server credentials for a listener: TLS (optionally mTLS) or plaintext. */
export function serverCredentials(tls: TlsFiles | undefined): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  const ca = tls.clientCaPath ? readFileSync(tls.clientCaPath) : null;
  return ServerCredentials.createSsl(ca, [{ cert_chain: readFileSync(tls.certPath), private_key: readFileSync(tls.keyPath) }], ca !== null);
}

/**
 * Normalises a listen address: "host:port", "[::1]:port", or a unix socket as
 * "unix:/path" or a bare absolute path.
 */
export function normaliseAddress(address: string): string {
  return address.startsWith("/") ? `unix:${address}` : address;
}

/** The address a client dials after binding (port 0 replaced by the real port). */
export function boundAddress(address: string, port: number): string {
  if (address.startsWith("unix:")) return address;
  return address.replace(/:(\d+)$/, `:${port}`);
}
