import { experimental, ServerCredentials } from "@grpc/grpc-js";
import { readFileSync } from "node:fs";

/**
 * TLS material for a listener. With clientCaPath the server asks clients for
 * a certificate issued by that CA (mTLS): the tenant comes from it.
 */
export interface TlsFiles {
  certPath: string;
  keyPath: string;
  clientCaPath?: string;
}

/**
 * Server credentials for a listener: TLS, or plaintext. With a client CA the
 * handshake requests a client certificate but does not require one: a caller
 * without one (or with one the CA did not issue) still connects, reaches the
 * public Identity service as the spec says it must, and is answered
 * UNAUTHENTICATED everywhere else by the kit, a status that says what to fix,
 * where a refused handshake reads as UNAVAILABLE, which the retry table says
 * to retry. grpc-js only hands the kit certificates that verified against the
 * CA, so an unverified one authenticates nobody.
 */
export function serverCredentials(tls: TlsFiles | undefined): ServerCredentials {
  if (!tls) return ServerCredentials.createInsecure();
  const cert = readFileSync(tls.certPath);
  const key = readFileSync(tls.keyPath);
  if (!tls.clientCaPath) return ServerCredentials.createSsl(null, [{ cert_chain: cert, private_key: key }], false);
  const provider = fixedCertificates(readFileSync(tls.clientCaPath), cert, key);
  return experimental.createCertificateProviderServerCredentials(provider, provider, false);
}

/** Certificates read once, handed to grpc-js's listeners on the next microtask (after grpc-js registered its own watcher). */
function fixedCertificates(caCertificate: Buffer, certificate: Buffer, privateKey: Buffer): experimental.CertificateProvider {
  return {
    addCaCertificateListener: (listener) => queueMicrotask(() => listener({ caCertificate })),
    removeCaCertificateListener: () => {},
    addIdentityCertificateListener: (listener) => queueMicrotask(() => listener({ certificate, privateKey })),
    removeIdentityCertificateListener: () => {},
  };
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
