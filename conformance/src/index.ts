// The Strata conformance suite. Filled in by the conformance issue.
export {};
