import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Files of a throwaway PKI for mTLS tests: a CA, a server certificate and client certificates. */
export interface TestPki {
  dir: string;
  caPath: string;
  server: { certPath: string; keyPath: string };
  /** Issues a client certificate whose CN and URI SAN name the tenant. */
  client(tenantId: string, options?: { operator?: boolean }): { certPath: string; keyPath: string };
  remove(): void;
}

const openssl = (dir: string, ...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });

/** Creates a PKI with openssl in a temporary directory (test use only). */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), "strata-pki-"));
  openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=strata-test-ca");
  const issue = (name: string, subject: string, san: string, eku: string) => {
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\nextendedKeyUsage=${eku}\n`);
    openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
      "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject);
    openssl(dir, "x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
      "-out", `${name}.pem`, "-days", "2", "-extfile", `${name}.ext`);
    return { certPath: join(dir, `${name}.pem`), keyPath: join(dir, `${name}.key`) };
  };
  const server = issue("server", "/CN=localhost", "DNS:localhost,IP:127.0.0.1", "serverAuth");
  return {
    dir,
    caPath: join(dir, "ca.pem"),
    server,
    client: (tenantId, options = {}) => issue(`client-${tenantId}`,
      `/CN=${tenantId}${options.operator ? "/OU=operator" : ""}`, `URI:strata:tenant:${tenantId}`, "clientAuth"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
