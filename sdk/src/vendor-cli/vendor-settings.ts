import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { readFileSync } from "node:fs";
import type { JSONWebKeySet } from "jose";
import type { AuthOptions } from "../server/create-layer-server.js";
import type { TlsFiles } from "../server/listen-address.js";
import type { VendorCommand } from "./vendor-command.js";

/** The environment variable that may hold the HS256 JWT secret. */
export const JWT_SECRET_ENV = "STRATA_JWT_SECRET";

/** The listen address when none is given. */
export const DEFAULT_LISTEN = "127.0.0.1:7001";

/** What the command line of a vendor says, checked. */
export interface VendorSettings {
  /** Addresses to listen on, in order given. */
  listen: string[];
  tls: TlsFiles | undefined;
  auth: AuthOptions;
  dataDir: string | undefined;
  sampleIntervalMs: number | undefined;
  /** The vendor's own flags, as commander parsed them. */
  flags: Record<string, unknown>;
}

/** A command line that cannot run: the message to print and the exit code (0 for --help and --version). */
export class VendorCliError extends Error {
  override readonly name = "VendorCliError";

  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

/** A commander argument parser for a positive whole number (milliseconds, counts). */
export function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("must be a whole number of at least 1.");
  return n;
}

/** A commander argument parser for a byte count (a positive whole number, any size). */
export function parseByteCount(value: string): bigint {
  if (!/^[1-9][0-9]*$/.test(value)) throw new InvalidArgumentError("must be a whole number of bytes, at least 1.");
  return BigInt(value);
}

/** The command every vendor shares: the common flags, then the vendor's own. */
export function vendorProgram(command: VendorCommand): Command {
  const program = new Command(command.name)
    .description(command.description)
    .option("--listen <address...>", `address to listen on: host:port, unix:/path or an absolute socket path (repeatable; default ${DEFAULT_LISTEN})`)
    .option("--tls-cert <file>", "serve TLS with this certificate chain (PEM); needs --tls-key")
    .option("--tls-key <file>", "the private key of --tls-cert (PEM)")
    .option("--tls-client-ca <file>", "ask for client certificates issued by this CA (mTLS): the tenant comes from the certificate; a caller without one reaches only the Identity service")
    .option("--jwt-secret-file <file>", `accept bearer JWTs signed (HS256) with the secret in this file (or set ${JWT_SECRET_ENV})`)
    .option("--jwt-jwks <file>", "accept bearer JWTs signed by a key of this JWKS file")
    .option("--jwt-jwks-url <url>", "accept bearer JWTs signed by a key of this JWKS endpoint")
    .option("--jwt-issuer <iss>", "require this JWT issuer (iss)")
    .option("--jwt-audience <aud>", "require this JWT audience (aud)")
    .option("--jwt-algorithms <alg...>", "accept only JWTs signed with these algorithms (default HS256 with a secret, the asymmetric ones with a JWKS)")
    .option("--jwt-allow-no-exp", "accept JWTs without an expiry (exp); by default a token must have one")
    .option("--insecure-dev", "DEVELOPMENT ONLY: trust strata-tenant and strata-roles metadata without credentials")
    .option("--sample-interval-ms <ms>", "telemetry base sample interval (default 1000)", parsePositiveInteger)
    .addOption(new Option("--jwt-secret <secret>").hideHelp());
  if (command.dataDir) {
    const dataDir = new Option("--data-dir <dir>", "directory holding the endpoint's data");
    program.addOption(command.dataDir === "required" ? dataDir.makeOptionMandatory() : dataDir);
  }
  for (const option of command.options ?? []) program.addOption(option);
  if (command.version) program.version(command.version);
  return program.addHelpText("after", `
Authentication: give at least one of --jwt-secret-file (or ${JWT_SECRET_ENV}), --jwt-jwks,
--jwt-jwks-url, --tls-client-ca or --insecure-dev. Secrets are never read from the command
line, where any user of the machine sees them.

The endpoint stops gracefully on SIGTERM or SIGINT: it stops accepting calls, lets the
running ones finish, and exits 0.`);
}

/**
 * Parses and checks a vendor's command line (argv as process.argv gives it:
 * node and the script first) and environment. Throws VendorCliError with the
 * message to print for a line that cannot run, and for --help (exit code 0).
 */
export function parseVendorArgs(command: VendorCommand, argv: readonly string[], env: NodeJS.ProcessEnv = {}): VendorSettings {
  let out = "";
  const program = vendorProgram(command)
    .exitOverride()
    .configureOutput({ writeOut: (text) => { out += text; }, writeErr: (text) => { out += text; } });
  try {
    program.parse([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) throw new VendorCliError(out.trimEnd() || error.message, error.exitCode);
    throw error;
  }
  const flags = program.opts<Record<string, unknown>>();
  const fail = (message: string): never => {
    throw new VendorCliError(`error: ${message}\n(see ${command.name} --help)`, 1);
  };
  if (flags.jwtSecret !== undefined) {
    fail(`--jwt-secret is not accepted: a secret on the command line is visible to every user (ps); use --jwt-secret-file <file> or ${JWT_SECRET_ENV}`);
  }

  const file = (path: string, what: string) => {
    try {
      return readFileSync(path, "utf8");
    } catch (cause) {
      return fail(`${what} ${path}: ${(cause as Error).message}`);
    }
  };

  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) fail("--tls-cert and --tls-key go together");
  if (flags.tlsClientCa && !flags.tlsCert) fail("--tls-client-ca needs --tls-cert and --tls-key (mTLS is TLS with client certificates)");
  const tls: TlsFiles | undefined = flags.tlsCert
    ? { certPath: flags.tlsCert as string, keyPath: flags.tlsKey as string, clientCaPath: flags.tlsClientCa as string | undefined }
    : undefined;

  const envSecret = env[JWT_SECRET_ENV];
  if (flags.jwtSecretFile && envSecret) fail(`give the JWT secret once: --jwt-secret-file or ${JWT_SECRET_ENV}, not both`);
  const secret = flags.jwtSecretFile ? file(flags.jwtSecretFile as string, "--jwt-secret-file").trim() : envSecret?.trim();
  if (secret === "") fail(flags.jwtSecretFile ? "--jwt-secret-file holds an empty secret" : `${JWT_SECRET_ENV} is empty`);
  const keySources = [secret !== undefined, Boolean(flags.jwtJwks), Boolean(flags.jwtJwksUrl)].filter(Boolean).length;
  if (keySources > 1) fail("give one JWT key source: a secret, --jwt-jwks or --jwt-jwks-url");
  if (keySources === 0 && (flags.jwtIssuer || flags.jwtAudience || flags.jwtAlgorithms || flags.jwtAllowNoExp)) {
    fail("--jwt-issuer, --jwt-audience, --jwt-algorithms and --jwt-allow-no-exp need a JWT key source");
  }
  let jwks: JSONWebKeySet | undefined;
  if (flags.jwtJwks) {
    try {
      jwks = JSON.parse(file(flags.jwtJwks as string, "--jwt-jwks")) as JSONWebKeySet;
    } catch (cause) {
      if (cause instanceof VendorCliError) throw cause;
      fail(`--jwt-jwks ${flags.jwtJwks as string}: not JSON (${(cause as Error).message})`);
    }
  }
  const auth: AuthOptions = {
    jwt: keySources === 1 ? {
      secret, jwks, jwksUrl: flags.jwtJwksUrl as string | undefined,
      issuer: flags.jwtIssuer as string | undefined, audience: flags.jwtAudience as string | undefined,
      algorithms: flags.jwtAlgorithms as string[] | undefined, requireExpiry: !flags.jwtAllowNoExp,
    } : undefined,
    mtls: Boolean(flags.tlsClientCa),
    insecureDevelopmentMode: Boolean(flags.insecureDev),
  };
  if (!auth.jwt && !auth.mtls && !auth.insecureDevelopmentMode) {
    fail(`no way to authenticate callers: give --jwt-secret-file (or ${JWT_SECRET_ENV}), --jwt-jwks, --jwt-jwks-url, --tls-client-ca or --insecure-dev`);
  }

  const listen = (flags.listen as string[] | undefined) ?? [DEFAULT_LISTEN];
  return {
    listen,
    tls,
    auth,
    dataDir: flags.dataDir as string | undefined,
    sampleIntervalMs: flags.sampleIntervalMs as number | undefined,
    flags,
  };
}
