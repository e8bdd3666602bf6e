export { createCrossbarApp, type CrossbarAppOptions } from './core/app';
export * from './core/types';
export { encodeStartKey, decodeStartKey, pageOf, type PageRequest, type Page } from './core/pagination';
export { startCrossbar, type CrossbarService, type CrossbarStartOptions } from './service';
export {
  type AccessOptions,
  authContextFor,
  canReach,
  createAuthenticator,
  LoginGuard,
  requireAccountAccess,
  requireAdmin,
  requireAuth,
  requireSuperduperAdmin,
  tokenExpirySeconds,
} from './auth';
