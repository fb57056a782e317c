import type { StrataClients } from "../../client/connect.js";
import type { COMPUTE_SERVICES } from "../compute/compute-services.js";

/**
 * How an access endpoint reaches the compute layer, for entry points on
 * compute instances (FEATURE_ACCESS_COMPUTE_ENTRY_POINTS, which the kit then
 * declares). How the access endpoint authenticates to the compute endpoint is
 * its configuration: credentials in the clients, or per-tenant metadata.
 *
 * @example
 * const compute = { clients: connect("127.0.0.1:7004", { services: COMPUTE_SERVICES, auth: { token: serviceToken } }) };
 * createAccessServer({ info, backend, compute });
 */
export interface ComputeReach {
  /** Clients of the compute endpoint the entry points' instances run on. */
  readonly clients: StrataClients<typeof COMPUTE_SERVICES>;
  /**
   * Metadata a call made for a tenant's entry point carries besides the
   * clients' credentials (for a compute endpoint in development mode, the
   * tenant's `strata-tenant` header); none by default.
   */
  metadataFor?(tenantId: string): Record<string, string>;
}
