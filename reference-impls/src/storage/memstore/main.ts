import { Option, parseByteCount, runVendorCli } from "@strata/sdk/vendor-cli";
import { maxVolumesPerTenantOption } from "@strata/sdk/storage";
import { createMemstoreServer } from "./create-memstore-server.js";

await runVendorCli({
  name: "strata-storage-memstore",
  description: "Strata reference storage vendor: volumes in memory over simulated spindles",
  version: "0.1.0",
  options: [new Option("--pool-capacity <bytes>", "pool capacity in bytes").argParser(parseByteCount), maxVolumesPerTenantOption()],
  create: ({ auth, sampleIntervalMs, flags }) => createMemstoreServer({
    auth, sampleIntervalMs, poolCapacityBytes: flags.poolCapacity as bigint | undefined,
    limits: { maxResourcesPerTenant: flags.maxVolumesPerTenant as number | undefined },
  }),
});
