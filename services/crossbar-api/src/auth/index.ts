export { createAuthenticator, authContextFor, isUsableAccount } from './authenticator';
export { canReach, requireAccountAccess, requireAdmin, requireAuth, requireSuperduperAdmin, type AccessOptions } from './access';
export { LoginGuard } from './login-guard';
export { authDefaults, loginLimits, tokenExpirySeconds, type LoginLimits } from './auth-config';
