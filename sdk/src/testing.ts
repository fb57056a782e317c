/**
 * @strata/sdk/testing: helpers for a vendor's own tests (not for production):
 * a throwaway PKI for mTLS, tokens for JWT-authenticated endpoints, a
 * background reader of server streams, the records an endpoint retains, and a fixture layer (catalogue and
 * service) for tests of code that serves any layer.
 */
export { createTestPki } from "./testing/test-pki.js";
export { mintTestToken } from "./testing/test-token.js";
export { FIXTURE_CATALOGUE, FIXTURE_LAYER, FIXTURE_OTHER_LAYER } from "./testing/fixture-layer.js";
export { FIXTURE_SERVICES, FixtureServiceDefinition } from "./testing/fixture-service.js";
export { StreamReader } from "./testing/stream-reader.js";
export { retainedRecords } from "./testing/retained-records.js";

export type { TestPki } from "./testing/test-pki.js";
export type { FixtureRequest, FixtureResponse } from "./testing/fixture-service.js";
