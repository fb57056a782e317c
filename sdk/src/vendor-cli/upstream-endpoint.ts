import { readFileSync } from "node:fs";
import { Option } from "commander";
import type { ClientAuth, ConnectOptions } from "../client/connect.js";

/** An endpoint of another layer that a vendor calls, with how to call it, as its command line gave it. */
export interface UpstreamEndpoint {
  /** The endpoint's address: "host:port" or "unix:/path". */
  readonly target: string;
  /** How the vendor authenticates to it; undefined sends no credentials. */
  readonly auth?: ClientAuth;
  /** The endpoint's CA (TLS); plaintext when undefined. */
  readonly tls?: ConnectOptions["tls"];
}

/** The credentials part of an UpstreamEndpoint. */
export type UpstreamCredentials = Pick<UpstreamEndpoint, "auth" | "tls">;

/** One option group: which endpoint, under which flag prefix. */
export interface UpstreamEndpointSpec {
  /**
   * The flags' prefix, kebab-case: "widget" gives `--widget-endpoint`,
   * `--widget-token-file`, `--widget-tls-ca` and `--widget-insecure-operator`.
   */
  readonly name: string;
  /** What the endpoint is, for the help text: "the widget endpoint". */
  readonly what: string;
  /** The tenant the vendor calls as in development mode, with the operator role. */
  readonly developmentCaller: string;
  /**
   * The address flag when it is not `--<name>-endpoint <address>`, for
   * example a repeatable `--widget-system <id=address>`; credentials then
   * apply to every address it gives.
   */
  readonly address?: () => Option;
}

const camel = (kebab: string) => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The flag names (commander's camelCase keys) of a group. */
function keys(spec: UpstreamEndpointSpec) {
  const key = (flag: string) => camel(`${spec.name}-${flag}`);
  return { endpoint: key("endpoint"), tokenFile: key("token-file"), tlsCa: key("tls-ca"), insecure: key("insecure-operator") };
}

/**
 * The option group by which a vendor's command names an endpoint of another
 * layer it calls, and its credentials: the address, a bearer token file, the
 * endpoint's TLS CA, and development mode (the operator role under a fixed
 * tenant, in `strata-tenant` / `strata-roles` headers). Read the result with
 * upstreamEndpointOf() (or upstreamCredentialsOf() with a custom address).
 *
 * @example
 * const WIDGETS = { name: "widget", what: "the widget endpoint", developmentCaller: "strata-acme" };
 * options: [...upstreamEndpointOptions(WIDGETS)],
 * create: ({ flags }) => createAcmeServer({ widgets: upstreamEndpointOf(flags, WIDGETS) }),
 */
export function upstreamEndpointOptions(spec: UpstreamEndpointSpec): Option[] {
  const flag = `--${spec.name}`;
  return [
    spec.address?.() ?? new Option(`${flag}-endpoint <address>`, `call ${spec.what} at this address (host:port or unix:/path)`),
    new Option(`${flag}-token-file <file>`, `bearer token to call ${spec.what} with (SHOULD hold the operator role)`),
    new Option(`${flag}-tls-ca <file>`, `CA certificate of ${spec.what} (TLS; plaintext without it)`),
    new Option(`${flag}-insecure-operator`, `development mode only: call ${spec.what} as tenant "${spec.developmentCaller}" with the operator role, in strata-tenant headers`),
  ];
}

/**
 * The credentials a group's flags give. `addressed` says whether the address
 * flag was given: credentials without an address are an error, as are both a
 * token and development mode. Throws Error with the message to print.
 */
export function upstreamCredentialsOf(flags: Record<string, unknown>, spec: UpstreamEndpointSpec, addressed: boolean): UpstreamCredentials {
  const key = keys(spec);
  const flag = `--${spec.name}`;
  const tokenFile = flags[key.tokenFile] as string | undefined;
  const insecure = flags[key.insecure] === true;
  const tlsCa = flags[key.tlsCa] as string | undefined;
  const addressFlag = spec.address?.().long ?? `${flag}-endpoint`;
  if (tokenFile && insecure) throw new Error(`give the credentials of ${spec.what} once: ${flag}-token-file or ${flag}-insecure-operator`);
  if (!addressed && (tokenFile || insecure || tlsCa)) throw new Error(`credentials of ${spec.what} given without ${addressFlag}`);
  let auth: ClientAuth | undefined;
  if (insecure) auth = { tenant: spec.developmentCaller, roles: ["operator"] };
  if (tokenFile) {
    const token = readFileSync(tokenFile, "utf8").trim();
    if (token === "") throw new Error(`${flag}-token-file ${tokenFile} holds an empty token`);
    auth = { token };
  }
  return { ...(auth ? { auth } : {}), ...(tlsCa ? { tls: { caPath: tlsCa } } : {}) };
}

/** The endpoint a group's flags name, with its credentials; undefined when its address was not given. */
export function upstreamEndpointOf(flags: Record<string, unknown>, spec: UpstreamEndpointSpec): UpstreamEndpoint | undefined {
  const target = flags[keys(spec).endpoint] as string | undefined;
  const credentials = upstreamCredentialsOf(flags, spec, target !== undefined);
  if (target === undefined) return undefined;
  if (target.trim() === "") throw new Error(`--${spec.name}-endpoint must name an address (host:port or unix:/path)`);
  return { target, ...credentials };
}
