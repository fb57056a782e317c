// Reference vendors of every Strata layer. Filled in by the SDK issue.
export {};
