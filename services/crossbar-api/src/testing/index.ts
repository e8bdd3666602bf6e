// Test helpers of crossbar-api, imported as `@tollgate/crossbar-api/testing` (never from the
// production entry point).
export { type CallOptions, type CrossbarClient, createAccount, crossbarClient, loginOfNewUser, type Reply } from './crossbar-client';
export { type CrossbarHarness, MASTER, startCrossbarHarness } from './crossbar-harness';
