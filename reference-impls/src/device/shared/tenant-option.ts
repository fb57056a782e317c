import { Option } from "@strata/sdk/vendor-cli";

/** A repeatable flag naming the tenants whose devices a vendor's own traffic comes from. */
export function tenantOption(flag: string, what: string): Option {
  return new Option(`${flag} <tenant>`, `${what} comes from the devices of this tenant (repeatable; every tenant's when left out)`)
    .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}
