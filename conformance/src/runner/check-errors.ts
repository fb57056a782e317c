/** Thrown by `t.fail` and the assertion helpers: the endpoint breaks the standard. */
export class CheckFailure extends Error {
  override readonly name = "CheckFailure";
}

/** Thrown by `t.skip`: the check does not apply to this endpoint. */
export class CheckSkip extends Error {
  override readonly name = "CheckSkip";
}
