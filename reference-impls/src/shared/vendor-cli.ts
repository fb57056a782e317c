import { Command, Option } from "commander";
import { readFileSync } from "node:fs";
import type { AuthOptions, LayerServer, TlsFiles } from "@strata/sdk/server";

/** What every reference vendor's command line gives the vendor's factory. */
export interface CommonVendorOptions {
  auth: AuthOptions;
  sampleIntervalMs?: number;
  /** Vendor-specific flags, as commander parsed them. */
  flags: Record<string, unknown>;
}

export interface VendorCli {
  /** The command's name, e.g. "strata-storage-memstore". */
  name: string;
  description: string;
  /** Extra flags of this vendor. */
  options?: Option[];
  create(options: CommonVendorOptions): Promise<LayerServer>;
}

/**
 * Runs a reference vendor standalone: parses the common flags (listen
 * addresses, TLS/mTLS, JWT, insecure development mode), starts the server,
 * prints where it listens, and shuts down gracefully on SIGINT/SIGTERM.
 */
export async function runVendorCli(cli: VendorCli, argv = process.argv): Promise<void> {
  const program = new Command(cli.name)
    .description(cli.description)
    .option("--listen <address...>", "address to listen on: host:port or unix:/path (repeatable)", ["127.0.0.1:7001"])
    .option("--tls-cert <file>", "server certificate (PEM)")
    .option("--tls-key <file>", "server private key (PEM)")
    .option("--tls-client-ca <file>", "CA for client certificates: enables mTLS, tenant from the certificate")
    .option("--jwt-secret <secret>", "accept bearer JWTs signed with this HS256 secret")
    .option("--jwt-jwks <file>", "accept bearer JWTs signed by a key in this JWKS file")
    .option("--jwt-issuer <iss>", "required JWT issuer")
    .option("--jwt-audience <aud>", "required JWT audience")
    .option("--insecure-dev", "DEVELOPMENT ONLY: trust strata-tenant metadata without credentials", false)
    .option("--sample-interval-ms <ms>", "telemetry sample interval", (v) => Number.parseInt(v, 10));
  for (const option of cli.options ?? []) program.addOption(option);
  program.parse(argv);
  const flags = program.opts();

  const tls: TlsFiles | undefined = flags.tlsCert
    ? { certPath: flags.tlsCert, keyPath: flags.tlsKey, clientCaPath: flags.tlsClientCa }
    : undefined;
  if (flags.tlsCert && !flags.tlsKey) program.error("--tls-cert needs --tls-key");
  if (flags.tlsClientCa && !tls) program.error("--tls-client-ca needs --tls-cert and --tls-key");
  const auth: AuthOptions = {
    jwt: flags.jwtSecret || flags.jwtJwks ? {
      secret: flags.jwtSecret,
      jwks: flags.jwtJwks ? JSON.parse(readFileSync(flags.jwtJwks, "utf8")) : undefined,
      issuer: flags.jwtIssuer, audience: flags.jwtAudience,
    } : undefined,
    mtls: Boolean(flags.tlsClientCa),
    insecureDevelopmentMode: flags.insecureDev,
  };
  if (!auth.jwt && !auth.mtls && !auth.insecureDevelopmentMode) {
    program.error("no way to authenticate callers: give --jwt-secret, --jwt-jwks, --tls-client-ca or --insecure-dev");
  }

  const server = await cli.create({ auth, sampleIntervalMs: flags.sampleIntervalMs, flags });
  for (const address of flags.listen as string[]) {
    console.log(`${cli.name} listening on ${await server.listen(address, tls)}`);
  }
  const stop = async () => {
    await server.shutdown(5000);
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
