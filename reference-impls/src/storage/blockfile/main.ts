import { Option, parseByteCount, runVendorCli } from "@strata/sdk/vendor-cli";
import { maxVolumesPerTenantOption } from "@strata/sdk/storage";
import { createBlockfileServer } from "./create-blockfile-server.js";

await runVendorCli({
  name: "strata-storage-blockfile",
  description: "Strata reference storage vendor: volumes as sparse files on local disk",
  version: "0.1.0",
  dataDir: "required",
  options: [new Option("--pool-capacity <bytes>", "cap on the pool's capacity in bytes").argParser(parseByteCount), maxVolumesPerTenantOption()],
  create: ({ auth, sampleIntervalMs, dataDir, flags }) => createBlockfileServer({
    auth, sampleIntervalMs, dataDir: dataDir!, capacityBytes: flags.poolCapacity as bigint | undefined,
    limits: { maxResourcesPerTenant: flags.maxVolumesPerTenant as number | undefined },
  }),
});
