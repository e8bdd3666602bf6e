export { createAuthenticator, authContextFor } from './authenticator';
export {
  canReach,
  isSelf,
  requireAccessLevel,
  requireAccountAccess,
  requireAccountAdmin,
  requireAuth,
  requireSelfOrAdmin,
  requireSuperduperAdmin,
} from './access';
export { withRoutePolicy } from './enforce-route-policy';
export { type AccessLevel, accessLevelOf, ROUTE_POLICY, routeKey } from './route-policy';
export { LoginGuard } from './login-guard';
export { type AuthSettings, authSettings, type LoginLimits } from './auth-config';
