// The maturity of a contract element, stated in the proto by a comment tag.
// See docs/overview.md, "Versioning and maturity".

/** The maturities, least mature first. */
export const MATURITIES = ["development", "beta", "stable"] as const;

export type Maturity = (typeof MATURITIES)[number];

export type ElementKind = "package" | "service" | "rpc" | "message" | "field" | "oneof" | "enum" | "enum value";

/** One element of the contracts with the maturity it has, stated or inherited. */
export interface ProtoElement {
  /** Full name: `strata.core.v1.Limits.max_page_size`; an enum value is named inside its enum. */
  name: string;
  kind: ElementKind;
  maturity: Maturity;
  /** True when the element's own comment states the maturity; false when it is inherited. */
  stated: boolean;
  /** The element whose maturity it inherits (a package has none). */
  parent?: string;
  /** The proto file that declares it (a package: the first file that states it). */
  file: string;
}

/** True when `a` is more mature than `b`. */
export function moreMature(a: Maturity, b: Maturity): boolean {
  return MATURITIES.indexOf(a) > MATURITIES.indexOf(b);
}
