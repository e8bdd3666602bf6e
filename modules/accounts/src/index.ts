// @tollgate/accounts: Kazoo's account tree, users and tokens — the one implementation crossbar
// and the CLI both run.
export type { AccountsDeps, LookupDeps } from './deps';
export * from './config';
export * from './domain';
export { findMasterAccountId } from './master-id';
export { bootstrapMaster, type BootstrapMasterOptions } from './bootstrap-master';
export { createAccount, createAccountDbs, type CreateAccountOptions, type StoredAccount } from './create-account';
export { updateAccount, setAccountEnabled, type UpdateAccountOptions } from './update-account';
export { deleteAccount, hasDescendantsError } from './delete-account';
export { purgeAccount } from './purge-account';
export { moveAccount } from './move-account';
export { makeReseller, demoteReseller } from './reseller';
export { findResellerId, isResellerAccount, resellerIdOf } from './reseller-lookup';
export { describeAccount, type DescribeOptions } from './describe-account';
export { listAncestors, listChildren, listDescendants, listSiblings, type AncestorRow, type CountedRow } from './tree-queries';
export { regenerateApiKey } from './api-key';
export { accountsForLogin, type LoginAccountRef } from './account-lookup';
export {
  createUser,
  deleteUser,
  fetchUser,
  findUserByCredentials,
  listUsers,
  updateUser,
  userView,
  USER_TYPE,
  type UpdateUserOptions,
  type UserDoc,
} from './users';
export {
  fetchToken,
  isCurrentGeneration,
  predatesAccountChange,
  isTokenShaped,
  issueToken,
  keepTokenAlive,
  revokeToken,
  type TokenGenerationHolder, TOKEN_DB, TOKEN_TYPE, type AuthMethod, type IssueTokenOptions, type TokenDoc } from './tokens';
export { ACCOUNTS_DB, fetchAccount, fetchAccountsById, updateAccountDoc } from './store/account-store';
export { ShowRateFollower } from './store/show-rate-follower';
export { type ReplicaRefresh, refreshAccountReplicas } from './store/refresh-replicas';
export { accountIdByApiKey, type TreeRow } from './store/tree-views';
