// Test helpers of @tollgate/accounts (`@tollgate/accounts/testing`); never part of the production entry.
export { type Harness, startHarness } from './harness';
export { refreshAccountsSettings } from './refresh-accounts-settings';
