// Who may call which endpoint, by privilege level: the one table the crossbar README's access table
// shows (a test holds the two together) and `withRoutePolicy` enforces before any handler runs.
// Reach (own account and descendants; everything for a superduper_admin) is checked by the module
// against the account the request names; this table says what kind of login may ask at all.
import type { Method } from '../core/types';

/**
 * - `anyone`: no login needed (logins, classifiers, the tasks help).
 * - `login`: any login — admin, plain user or api key — within its reach.
 * - `self`: an admin or api key; a plain user only on its own user doc (not its priv_level or enabled).
 * - `admin`: a `priv_level: admin` login or an api key, within its reach.
 * - `superduper`: an admin login or the api key of a superduper_admin account.
 */
export type AccessLevel = 'anyone' | 'login' | 'self' | 'admin' | 'superduper';

const A = '/v2/accounts/:account_id';
const NUMBERS = `${A}/phone_numbers`;

function both(path: string, level: AccessLevel, methods: Method[]): [string, AccessLevel][] {
  return methods.flatMap((m) => [
    [`${m} /v2/${path}`, level],
    [`${m} ${A}/${path}`, level],
  ]);
}

export const ROUTE_POLICY: ReadonlyMap<string, AccessLevel> = new Map<string, AccessLevel>([
  // accounts
  ['PUT /v2/accounts', 'admin'],
  [`PUT ${A}`, 'admin'],
  [`GET ${A}`, 'login'],
  [`POST ${A}`, 'admin'],
  [`PATCH ${A}`, 'admin'],
  [`DELETE ${A}`, 'admin'],
  [`GET ${A}/children`, 'login'],
  [`GET ${A}/descendants`, 'login'],
  [`GET ${A}/siblings`, 'login'],
  [`GET ${A}/parents`, 'login'],
  [`GET ${A}/tree`, 'login'],
  [`GET ${A}/api_key`, 'admin'],
  [`PUT ${A}/api_key`, 'admin'],
  [`PUT ${A}/reseller`, 'superduper'],
  [`DELETE ${A}/reseller`, 'superduper'],
  [`POST ${A}/move`, 'admin'],
  // users
  [`GET ${A}/users`, 'login'],
  [`PUT ${A}/users`, 'admin'],
  [`GET ${A}/users/:user_id`, 'login'],
  [`POST ${A}/users/:user_id`, 'self'],
  [`PATCH ${A}/users/:user_id`, 'self'],
  [`DELETE ${A}/users/:user_id`, 'admin'],
  // devices
  [`GET ${A}/devices`, 'login'],
  [`PUT ${A}/devices`, 'admin'],
  [`GET ${A}/devices/:device_id`, 'login'],
  [`POST ${A}/devices/:device_id`, 'admin'],
  [`PATCH ${A}/devices/:device_id`, 'admin'],
  [`DELETE ${A}/devices/:device_id`, 'admin'],
  // user_auth, api_auth, token_auth
  ['PUT /v2/user_auth', 'anyone'],
  ['GET /v2/user_auth/:auth_token', 'login'],
  ['DELETE /v2/token_auth', 'login'],
  ['PUT /v2/api_auth', 'anyone'],
  // impersonation (cb_user_auth impersonate_user): an admin of an account above the user's
  [`PUT ${A}/users/:user_id/user_auth`, 'admin'],
  // phone_numbers
  ['GET /v2/phone_numbers', 'anyone'],
  ['GET /v2/phone_numbers/classifiers', 'anyone'],
  ['GET /v2/phone_numbers/classifiers/:number', 'anyone'],
  [`GET ${NUMBERS}/classifiers`, 'login'],
  [`GET ${NUMBERS}/classifiers/:number`, 'login'],
  [`GET ${NUMBERS}`, 'login'],
  [`PUT ${NUMBERS}/collection`, 'admin'],
  [`PUT ${NUMBERS}/collection/activate`, 'admin'],
  [`PUT ${NUMBERS}/collection/reserve`, 'admin'],
  [`POST ${NUMBERS}/collection`, 'admin'],
  [`DELETE ${NUMBERS}/collection`, 'admin'],
  [`GET ${NUMBERS}/:number`, 'login'],
  [`PUT ${NUMBERS}/:number`, 'admin'],
  [`POST ${NUMBERS}/:number`, 'admin'],
  [`PATCH ${NUMBERS}/:number`, 'admin'],
  [`DELETE ${NUMBERS}/:number`, 'admin'],
  [`PUT ${NUMBERS}/:number/activate`, 'admin'],
  [`PUT ${NUMBERS}/:number/reserve`, 'admin'],
  // tasks
  ['GET /v2/tasks', 'anyone'],
  [`GET ${A}/tasks`, 'login'],
  ...both('tasks', 'admin', ['PUT']),
  ...both('tasks/:task_id', 'login', ['GET']),
  ...both('tasks/:task_id', 'admin', ['PATCH', 'DELETE']),
  ...both('tasks/:task_id/stop', 'admin', ['PATCH']),
  ...both('tasks/:task_id/input', 'login', ['GET']),
  ...both('tasks/:task_id/output', 'login', ['GET']),
  // rates (the ratedecks are the superduper_admin's; rating a number is for any login)
  ...both('rates', 'superduper', ['GET', 'PUT']),
  ...both('rates/ratedecks', 'superduper', ['GET']),
  ...both('rates/:rate_id', 'superduper', ['GET', 'POST', 'PATCH', 'DELETE']),
  ...both('rates/number/:number', 'login', ['GET']),
  // ratedeck versions (an admin login; the module lets a reseller manage only the decks it owns)
  ['GET /v2/ratedecks/:ratedeck_id/versions', 'admin'],
  ['GET /v2/ratedecks/:ratedeck_id/versions/:version/diff', 'admin'],
  ['POST /v2/ratedecks/:ratedeck_id/versions/:version/activate', 'admin'],
  ['POST /v2/ratedecks/:ratedeck_id/rollback', 'admin'],
  // service_plans
  [`GET ${A}/service_plans`, 'login'],
  [`PUT ${A}/service_plans`, 'admin'],
  [`POST ${A}/service_plans`, 'admin'],
  [`GET ${A}/service_plans/available`, 'login'],
  [`GET ${A}/service_plans/available/:plan_id`, 'login'],
  [`GET ${A}/service_plans/current`, 'login'],
  [`POST ${A}/service_plans/override`, 'admin'],
  [`GET ${A}/service_plans/:plan_id`, 'login'],
  [`POST ${A}/service_plans/:plan_id`, 'admin'],
  [`DELETE ${A}/service_plans/:plan_id`, 'admin'],
  // packages (seed 003): the reseller's own, checked by the module
  [`GET ${A}/packages`, 'login'],
  [`PUT ${A}/packages`, 'admin'],
  [`GET ${A}/packages/:package_id`, 'login'],
  [`POST ${A}/packages/:package_id`, 'admin'],
  [`PATCH ${A}/packages/:package_id`, 'admin'],
  [`DELETE ${A}/packages/:package_id`, 'admin'],
  // services
  [`GET ${A}/services`, 'login'],
  [`GET ${A}/services/summary`, 'login'],
  // transactions
  [`GET ${A}/transactions`, 'login'],
  [`GET ${A}/transactions/current_balance`, 'login'],
  [`GET ${A}/transactions/monthly_recurring`, 'login'],
  [`PUT ${A}/transactions/credit`, 'admin'],
  [`DELETE ${A}/transactions/debit`, 'admin'],
  // ledgers (reads within reach; credit and debit: the module also requires a superduper_admin or the account's reseller)
  [`GET ${A}/ledgers`, 'login'],
  [`GET ${A}/ledgers/total`, 'login'],
  [`GET ${A}/ledgers/available`, 'login'],
  [`GET ${A}/ledgers/summary/:modb_suffix`, 'login'],
  [`PUT ${A}/ledgers/credit`, 'admin'],
  [`PUT ${A}/ledgers/debit`, 'admin'],
  [`GET ${A}/ledgers/:source`, 'login'],
  [`GET ${A}/ledgers/:source/:ledger_id`, 'login'],
  [`DELETE ${A}/ledgers/:source/:ledger_id`, 'admin'],
  // reports (reads within reach; cost and profit only for the reseller and above)
  [`GET ${A}/reports/cdrs`, 'login'],
  [`GET ${A}/reports/financial`, 'login'],
  [`GET ${A}/reports/sub_accounts`, 'login'],
  [`GET ${A}/reports/dids`, 'login'],
  [`GET ${A}/users/:user_id/reports/cdrs`, 'login'],
  // notifications (low_balance template: reads within reach, writes by an admin within reach)
  [`GET ${A}/notifications`, 'login'],
  [`GET ${A}/notifications/:notification_id`, 'login'],
  [`POST ${A}/notifications/:notification_id`, 'admin'],
  [`DELETE ${A}/notifications/:notification_id`, 'admin'],
  [`POST ${A}/notifications/:notification_id/preview`, 'admin'],
  // limits (reads within reach; writes: the module also requires the account's reseller or a superduper_admin)
  [`GET ${A}/limits`, 'login'],
  [`POST ${A}/limits`, 'admin'],
  // allotments (cb_allotments; writes: the module also requires the account's reseller or a superduper_admin)
  [`GET ${A}/allotments`, 'login'],
  [`POST ${A}/allotments`, 'admin'],
  [`GET ${A}/allotments/consumed`, 'login'],
  // did_fees (reads within reach; writes: the module also requires the account's reseller, the reseller itself for client_defaults, or a superduper_admin)
  [`GET ${A}/did_fees`, 'login'],
  [`POST ${A}/did_fees`, 'admin'],
  // quotas (reads within reach; writes: the module also requires the account's reseller or a superduper_admin)
  [`GET ${A}/quotas`, 'login'],
  [`POST ${A}/quotas`, 'admin'],
  // cdrs (what a login sees of a call's money: modules/cdrs/viewer.ts)
  [`GET ${A}/cdrs`, 'login'],
  [`GET ${A}/cdrs/:cdr_id`, 'login'],
  [`GET ${A}/users/:user_id/cdrs`, 'login'],
  // properties (NGNPro; who may change each one is its permission: the accounts module)
  [`GET ${A}/properties`, 'login'],
  [`PATCH ${A}/properties`, 'admin'],
  // whitelabel (reads within reach; writes: the module also requires the account itself as a reseller, its reseller or a superduper_admin)
  [`GET ${A}/whitelabel`, 'login'],
  [`PUT ${A}/whitelabel`, 'admin'],
  [`POST ${A}/whitelabel`, 'admin'],
  [`PATCH ${A}/whitelabel`, 'admin'],
  [`DELETE ${A}/whitelabel`, 'admin'],
  [`GET ${A}/whitelabel/:attachment`, 'login'],
  [`POST ${A}/whitelabel/:attachment`, 'admin'],
  ['GET /v2/whitelabel/:domain', 'anyone'],
  ['GET /v2/whitelabel/:domain/:attachment', 'anyone'],
  // signup (cb_signup, throttled per source) and its activation (the module also requires the account's reseller or a superduper_admin)
  ['PUT /v2/signup', 'anyone'],
  [`GET ${A}/signups`, 'admin'],
  [`PUT ${A}/signup/activate`, 'admin'],
  [`POST ${A}/signup/activate`, 'admin'],
  // password recovery (cb_user_auth recovery, throttled per source)
  ['PUT /v2/user_auth/recovery', 'anyone'],
  ['POST /v2/user_auth/recovery', 'anyone'],
  // the API's own description (GET /v2/openapi.json) and the Swagger UI page over it
  ['GET /v2/openapi.json', 'anyone'],
  ['GET /v2/docs', 'anyone'],
  ['GET /v2/docs/:file', 'anyone'],
]);

export function routeKey(method: Method, path: string): string {
  return `${method} ${path}`;
}

/**
 * The level of a route. A route not in the table (a test's own module) needs an admin login, or
 * nothing when it takes no login at all: nothing new is open to plain users by omission.
 */
export function accessLevelOf(method: Method, path: string, auth: 'required' | 'optional' | 'none' = 'required'): AccessLevel {
  return ROUTE_POLICY.get(routeKey(method, path)) ?? (auth === 'required' ? 'admin' : 'anyone');
}
