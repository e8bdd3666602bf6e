export { createCrossbarApp, type CrossbarAppOptions } from './core/app';
export * from './core/types';
export { encodeStartKey, decodeStartKey, pageOf, type PageRequest, type Page } from './core/pagination';
export { startCrossbar, type CrossbarService, type CrossbarStartOptions } from './service';
export {
  type AccessLevel,
  accessLevelOf,
  authSettings,
  authContextFor,
  canReach,
  createAuthenticator,
  LoginGuard,
  ROUTE_POLICY,
  requireAccountAccess,
  requireAccountAdmin,
  requireAuth,
  requireSelfOrAdmin,
  requireSuperduperAdmin,
  withRoutePolicy,
} from './auth';
