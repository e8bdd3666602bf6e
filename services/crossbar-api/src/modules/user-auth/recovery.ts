// Password recovery (Kazoo 4.3 cb_user_auth `recovery`, no login): PUT /v2/user_auth/recovery
// {username, account_name | account_realm | phone_number, ui_url?} mails a one-time link when they
// match a user with an e-mail — the answer is the same whether or not anything matched, and the
// mail goes out after the answer; POST /v2/user_auth/recovery {reset_id, password} sets the new
// password once and mails "password changed" (also after the answer). Both are throttled per source address (429).
import { accountsForLogin, completeRecovery, mailFrom, type RecoveryMail, requestRecovery } from '@tollgate/accounts';
import { createLogger } from '@tollgate/log';
import { NumberManager } from '@tollgate/numbers';
import { validateDoc } from '@tollgate/schemas';
import { RECOVERY_THROTTLE, throttle } from '../../auth/request-throttle';
import type { CrossbarDeps, Reply, RequestContext } from '../../core/types';
import { defaultMailFrom, sendMail } from '../../mail/send-mail';

const log = createLogger('crossbar');

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

async function mail(deps: CrossbarDeps, m: RecoveryMail, what: string): Promise<void> {
  const { whitelabel, ...rest } = m;
  await sendMail(deps.config, { ...rest, from: mailFrom(whitelabel, await defaultMailFrom(deps.config)) }, what);
}

export async function startRecovery(ctx: RequestContext): Promise<Reply> {
  await throttle(ctx, RECOVERY_THROTTLE);
  const data = validateDoc('user_auth_recovery', ctx.data ?? {});
  const accountIds = await accountsForLogin(ctx.deps.couch, { accountName: str(data.account_name), realm: str(data.account_realm) });
  const phone = str(data.phone_number);
  if (phone) {
    const holder = await new NumberManager(ctx.deps).lookupAccount(phone).catch(() => undefined);
    if (holder) accountIds.push(holder);
  }
  const found = await requestRecovery(ctx.deps, { username: String(data.username), accountIds, uiUrl: str(data.ui_url) });
  // Sent after the answer: how long the relay takes says nothing about whether the user exists.
  if (found) setImmediate(() => void mail(ctx.deps, found, 'password_recovery').catch((err) => log.warn('recovery mail', { error: (err as Error).message })));
  return { status: 201, data: { message: 'if the user exists and has an e-mail address, a recovery link was sent to it' } };
}

export async function finishRecovery(ctx: RequestContext): Promise<Reply> {
  await throttle(ctx, RECOVERY_THROTTLE);
  const data = validateDoc('user_auth_recovery_reset', ctx.data ?? {});
  const done = await completeRecovery(ctx.deps, String(data.reset_id), String(data.password));
  // Sent after the answer, as the recovery mail: the password is changed whatever the relay does,
  // and the answer (the page's "your password is changed") must not wait on the relay's latency.
  setImmediate(() => void mail(ctx.deps, done, 'password_recovery_completed').catch((err) => log.warn('recovery completed mail', { error: (err as Error).message })));
  return { data: { message: 'the password was changed; log in with it' } };
}
