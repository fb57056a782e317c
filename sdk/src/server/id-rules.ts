/** The one rule for ids (tenant, application, resource): 1 to 128 bytes of [A-Za-z0-9._-]. */
const ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/** The prefix of ids the standard itself defines ("strata.overflow"); no caller's application id starts with it. */
export const RESERVED_ID_PREFIX = "strata.";

/** The description every violation of the id rule carries. */
export const ID_RULE = "must be 1 to 128 characters of [A-Za-z0-9._-]";

/** The description every violation of the application id rule carries. */
export const APPLICATION_ID_RULE = `${ID_RULE}, not starting with "${RESERVED_ID_PREFIX}"`;

/** True for an id of the standard's format. */
export function isValidId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/**
 * True for an application id a caller may name (WorkloadRef.application_id,
 * `strata-application-id`): an id not starting with the reserved prefix.
 */
export function isValidApplicationId(value: string): boolean {
  return ID_PATTERN.test(value) && !value.startsWith(RESERVED_ID_PREFIX);
}
