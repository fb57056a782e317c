import { Option } from "commander";
import { runVendorCli } from "../../shared/vendor-cli.js";
import { createMemstoreServer } from "./create-memstore-server.js";

await runVendorCli({
  name: "strata-storage-memstore",
  description: "Strata reference storage vendor: volumes in memory over simulated spindles",
  options: [new Option("--pool-capacity <bytes>", "pool capacity in bytes").argParser((v) => BigInt(v))],
  create: ({ auth, sampleIntervalMs, flags }) => createMemstoreServer({
    auth, sampleIntervalMs, poolCapacityBytes: flags.poolCapacity as bigint | undefined,
  }),
});
