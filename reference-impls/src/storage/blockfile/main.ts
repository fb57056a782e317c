import { Option } from "commander";
import { runVendorCli } from "../../shared/vendor-cli.js";
import { createBlockfileServer } from "./create-blockfile-server.js";

await runVendorCli({
  name: "strata-storage-blockfile",
  description: "Strata reference storage vendor: volumes as sparse files on local disk",
  options: [
    new Option("--data-dir <dir>", "directory holding the volume files and the catalogue").makeOptionMandatory(),
    new Option("--pool-capacity <bytes>", "cap on the pool's capacity in bytes").argParser((v) => BigInt(v)),
  ],
  create: ({ auth, sampleIntervalMs, flags }) => createBlockfileServer({
    auth, sampleIntervalMs, dataDir: flags.dataDir as string, capacityBytes: flags.poolCapacity as bigint | undefined,
  }),
});
