/** Thrown by `t.fail` and the assertion helpers: the endpoint breaks the standard. */
export class CheckFailure extends Error {
  override readonly name = "CheckFailure";
}

/** Thrown by `t.skip`: the check does not apply to this endpoint, or cannot provoke its case. */
export class CheckSkip extends Error {
  override readonly name = "CheckSkip";
}

/** Thrown by `t.warn`: the endpoint declares something the check could not test. */
export class CheckWarning extends Error {
  override readonly name = "CheckWarning";
}
