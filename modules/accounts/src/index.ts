// @tollgate/accounts: Kazoo's account tree, users and auth tokens — the one writer of the
// `accounts` db, the `account` and `user` docs of account dbs, and `token_auth`. Crossbar, the
// CLI and services-sync all run this code; nothing else reads or writes those documents.
export type { AccountsDeps } from './deps';
export { type AccountsSettings, accountsSettings, type MovePolicy } from './config';

// Accounts and the tree
export { type AccountDoc, isDeleted, isEnabled, treeOf } from './domain/account-doc';
export { findMasterAccountId } from './master-id';
export { bootstrapMaster } from './bootstrap-master';
export { createAccount } from './create-account';
export { updateAccount } from './update-account';
export { type AccountHoldings, accountHoldings, type DeleteAccountOptions, deleteAccount } from './delete-account';
export { purgeAccount } from './purge-account';
export { moveAccount } from './move-account';
export { makeReseller, demoteReseller } from './reseller';
export { isResellerAccount, resellerIdOf } from './reseller-lookup';
export { describeAccount } from './describe-account';
export { listAncestors, listChildren, listDescendants, listSiblings } from './tree-queries';
export type { TreeRow } from './store/tree-views';
export { regenerateApiKey } from './api-key';
export { fetchAccount, fetchAccountsById, updateAccountDoc } from './store/account-store';
export { refreshAccountReplicas } from './store/refresh-replicas';

// Reseller governance (NGNPro): reseller_active and quotas, the gate of every create in the tree
export { isResellerActive } from './domain/reseller-active';
export { parseQuotas, QUOTA_KINDS, type QuotaKind, type Quotas } from './domain/quota-rules';
export { type CreateRequest, requireTreeActive, withCreateAllowance } from './quotas/create-allowance';
export { type QuotasView, readQuotas, setQuotas } from './quotas/account-quotas';
export type { QuotaDeps } from './quotas/quota-usage';

// Users
export { md5Credentials, normalizeUsername, sha1Credentials } from './domain/credentials';
export { type UserDoc, userView } from './domain/user';
export { createUser, deleteUser, updateUser } from './users';
export { fetchUser, listUsers } from './store/user-store';

// Devices
export { createDevice, DEVICE_TYPE, type DeviceDoc, deleteDevice, deviceListingRow, deviceView, fetchDevice, listDevices, updateDevice } from './devices/devices';

// Logins and tokens
export { accountsForLogin } from './account-lookup';
export { type Impersonation, impersonateUser, loginWithApiKey, loginWithCredentials } from './logins';
export { authenticateToken, revokeToken, type TokenHolder } from './tokens';
export { ShowRateFollower } from './store/show-rate-follower';

// Low balance alerts
export { checkLowBalance, type LedgerFigures, type LowBalanceDeps, type LowBalanceOutcome } from './low-balance/check-low-balance';
export { LowBalanceWatch, type LowBalanceWatchOptions } from './low-balance/low-balance-watch';

// Properties (NGNPro), pstn_access and prepaid_changes
export {
  GATED_PROPERTIES,
  MAX_PROPERTIES,
  MAX_PROPERTY_VALUE_BYTES,
  PREPAID_CHANGES,
  type Properties,
  type Property,
  type PropertyPermission,
  type PropertyRole,
  PSTN_ACCESS,
  propertiesOf,
} from './domain/properties';
export { type CallRestriction, type ClassifierFacts, effectiveCallRestriction, isPstnClassifier } from './domain/call-restriction';
export { callRestrictionOf, patchProperties, prepaidChangesOf, type PropertyCaller, propertyRoleOf, pstnAccessOf, readProperties } from './properties';

// Notification templates (cb_notifications, teletype's low_balance)
export {
  DEFAULT_LOW_BALANCE,
  LOW_BALANCE,
  LOW_BALANCE_MACROS,
  type LowBalanceFacts,
  lowBalanceMacros,
  NOTIFICATION_IDS,
  type NotificationTemplate,
  notificationDocId,
  prettyDollars,
  type Recipients,
  type RenderedMail,
  renderNotification,
  renderTemplate,
  SAMPLE_LOW_BALANCE,
  SEED_PLACEHOLDERS,
  templateOf,
  withKazooMacros,
} from './notifications/notification-template';
export {
  deleteNotification,
  type FoundTemplate,
  findNotificationTemplate,
  notificationRecipients,
  readOwnNotification,
  type Recipient,
  saveNotification,
} from './notifications/notification-store';

// White label (cb_whitelabel) and the reseller portal's branding
export {
  deleteWhitelabel,
  publicWhitelabel,
  readWhitelabel,
  requireWhitelabel,
  saveWhitelabel,
  WHITELABEL_ID,
  type WhitelabelDoc,
  type WhitelabelWrite,
  whitelabelByDomain,
  whitelabelView,
} from './whitelabel/whitelabel';
export {
  getWhitelabelAttachment,
  isWhitelabelAttachment,
  maxAttachmentBytes,
  putWhitelabelAttachment,
  WHITELABEL_ATTACHMENTS,
  type WhitelabelAttachment,
} from './whitelabel/whitelabel-attachments';
export { requireWhitelabelWriter, type WhitelabelCaller } from './whitelabel/whitelabel-writer';
export { sniffImage, sniffWelcome } from './whitelabel/sniff-type';
export { DEFAULT_TEMPLATES, type Mail, mailFrom, renderMail, TEMPLATE_NAMES, type TemplateName } from './whitelabel/mail-templates';

// Signup with activation (cb_signup) and password recovery (cb_user_auth recovery)
export {
  activateSignup,
  createSignup,
  listSignups,
  type SignupAccount,
  type SignupFields,
  type SignupResult,
  type SignupStatus,
  signupFields,
  signupRow,
  type SignupTarget,
  signupTarget,
} from './signup/signup';
export { brandingOf, completeRecovery, type RecoveryMail, type RecoveryRequest, requestRecovery } from './recovery/password-recovery';
