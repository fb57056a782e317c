/**
 * @strata/sdk/vendor-cli: the command line every vendor endpoint shares, so
 * that a third-party vendor gets the same flags and the same --help as the
 * reference vendors: listen addresses, TLS and mTLS, JWT (secret file,
 * STRATA_JWT_SECRET or JWKS; never a secret in argv), insecure development
 * mode, data directory, telemetry interval, graceful stop on SIGTERM; and the
 * option group naming an endpoint of another layer a vendor calls.
 */
export { runVendorCli } from "./vendor-cli/run-vendor-cli.js";
export {
  parseVendorArgs, vendorProgram, parseByteCount, parsePositiveInteger, VendorCliError, JWT_SECRET_ENV, DEFAULT_LISTEN,
} from "./vendor-cli/vendor-settings.js";
export { upstreamEndpointOptions, upstreamEndpointOf, upstreamCredentialsOf } from "./vendor-cli/upstream-endpoint.js";
export { Option, InvalidArgumentError } from "commander";

export type { VendorCliRuntime, RunningVendor, SignalSource } from "./vendor-cli/run-vendor-cli.js";
export type { VendorCommand, VendorOptions } from "./vendor-cli/vendor-command.js";
export type { VendorSettings } from "./vendor-cli/vendor-settings.js";
export type { UpstreamEndpoint, UpstreamEndpointSpec, UpstreamCredentials } from "./vendor-cli/upstream-endpoint.js";
