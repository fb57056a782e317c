import { Option, parsePositiveInteger, runVendorCli } from "@strata/sdk/vendor-cli";
import { createHubServer } from "./create-hub-server.js";
import { ENDPOINT_TOKEN_ENV, endpointConfigs } from "./endpoint-credentials.js";

await runVendorCli({
  name: "strata-hub",
  description: "Strata reference hub: one merged telemetry stream, application graph and end-to-end transactions over the layer endpoints it subscribes to",
  version: "0.1.0",
  options: [
    new Option("--endpoint <address...>", "a layer endpoint to subscribe to (repeatable)").makeOptionMandatory(),
    new Option("--endpoint-credentials <file>", `JSON file of the operator credentials per endpoint: {"default": {...}, "endpoints": {"<address>": {...}}}, each {"token"|"tokenFile"|"tenant","roles", "tls"} (or set ${ENDPOINT_TOKEN_ENV})`),
    new Option("--settle-ms <ms>", "settle window of a transaction (default 2000)").argParser(parsePositiveInteger),
    new Option("--topology-retained-changes <n>", "changes of the merged graph kept for history (default 10000)").argParser(parsePositiveInteger),
    new Option("--telemetry-retained-items <n>", "items of the merged telemetry log kept for resume (default 65536)").argParser(parsePositiveInteger),
  ],
  create: async ({ auth, sampleIntervalMs, flags }) => createHubServer({
    endpoints: endpointConfigs({
      endpoints: flags.endpoint as string[], credentialsFile: flags.endpointCredentials as string | undefined,
      env: process.env, development: auth.insecureDevelopmentMode === true,
    }),
    auth,
    log: (line) => console.error(`strata-hub: ${line}`),
    ...(sampleIntervalMs !== undefined ? { sampleIntervalMs } : {}),
    ...(flags.settleMs !== undefined ? { stitching: { settleMs: flags.settleMs as number } } : {}),
    ...(flags.topologyRetainedChanges !== undefined ? { topologyRetainedChanges: flags.topologyRetainedChanges as number } : {}),
    ...(flags.telemetryRetainedItems !== undefined ? { retainedItems: flags.telemetryRetainedItems as number } : {}),
  }),
});
