/**
 * @strata/sdk/testing: helpers for a vendor's own tests (not for production):
 * a throwaway PKI for mTLS, and tokens for JWT-authenticated endpoints.
 */
export { createTestPki } from "./testing/test-pki.js";
export { mintTestToken } from "./testing/test-token.js";

export type { TestPki } from "./testing/test-pki.js";
