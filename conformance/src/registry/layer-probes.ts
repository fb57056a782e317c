import type { ServiceMap, StrataClients } from "@strata/sdk/client";
import type { core } from "@strata/sdk/contracts";
import type { LayerCheckContext } from "../runner/check-context.js";

/** One page of a List RPC, as item ids. */
export interface ListedPage {
  ids: string[];
  page?: core.PageResponse;
}

/** Items a ListProbe made for a walk, and the filters that list them. */
export interface ListPopulation {
  /** Ids of the items made; a walk with `scope` must serve each exactly once. */
  ids: string[];
  /** The probe's own filter that lists them (undefined: the whole list). */
  scope?: unknown;
  /** Another filter, for the check that a page_token is refused with filters other than its own. */
  otherScope?: unknown;
}

/** A List RPC of the layer, for the common pagination walk and the tenancy checks of lists. */
export interface ListProbe<S extends ServiceMap = {}> {
  /** "VolumeService.ListVolumes". */
  readonly rpc: string;
  /** One page as `clients`, narrowed by a scope that populate returned. */
  list(clients: StrataClients<S>, page: core.PageRequest, scope?: unknown): Promise<ListedPage>;
  /**
   * Makes a few items as tenant A (each tracked for deletion). Absent for
   * lists of shared things a tenant cannot make (a layer's pools): the walk
   * then expects what a first walk served.
   */
  populate?(t: LayerCheckContext<S>): Promise<ListPopulation>;
}

/** A get-by-id RPC of the layer, for the common tenancy checks: a foreign id must answer as an absent one. */
export interface LookupProbe<S extends ServiceMap = {}> {
  /** "VolumeService.GetVolume". */
  readonly rpc: string;
  /** Calls the RPC about the resource `id` as `clients`. */
  call(clients: StrataClients<S>, id: string): Promise<unknown>;
  /**
   * A read that answers OK to the owner of a fresh resource the driver made:
   * the operator check makes it on every tenant's resource and expects OK.
   */
  readonly ownerRead: boolean;
  /** Optional features the RPC belongs to; left out when the endpoint does not declare them. */
  readonly requires?: readonly core.Feature[];
}
