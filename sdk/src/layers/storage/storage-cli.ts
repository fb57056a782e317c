import { Option, parsePositiveInteger } from "../../vendor-cli.js";
import { DEFAULT_MAX_VOLUMES_PER_TENANT } from "./create-storage-server.js";

/**
 * The flag every storage vendor's command offers for Limits.max_resources_per_tenant:
 * pass `flags.maxVolumesPerTenant` on as `limits.maxResourcesPerTenant`.
 *
 * @example
 * options: [maxVolumesPerTenantOption()],
 * create: ({ flags }) => createAcmeServer({ limits: { maxResourcesPerTenant: flags.maxVolumesPerTenant as number | undefined } }),
 */
export function maxVolumesPerTenantOption(): Option {
  return new Option("--max-volumes-per-tenant <count>", `volumes one tenant may hold (Limits.max_resources_per_tenant; default ${DEFAULT_MAX_VOLUMES_PER_TENANT})`)
    .argParser(parsePositiveInteger);
}
