import { errors } from '@tollgate/errors';
import type { LoginLimits } from './auth-config';
import { LoginGuard } from './login-guard';

function fixture(limits: Partial<LoginLimits> = {}) {
  let clock = 1_000_000;
  const waits: number[] = [];
  const guard = new LoginGuard(
    async () => ({ responseMs: 250, maxFailures: 3, windowMs: 60_000, maxAccountFailures: 100, accountWindowMs: 300_000, ...limits }),
    () => clock,
    async (ms) => {
      waits.push(ms);
      clock += ms;
    },
  );
  return { guard, waits, advance: (ms: number) => (clock += ms) };
}

const fail = async (): Promise<string> => Promise.reject(errors.invalidCredentials());
const succeed = async (): Promise<string> => 'token';

/** A login that names `accountId` and then fails or succeeds. */
function naming(accountId: string, outcome: () => Promise<string>) {
  return async (attempt: { against(ids: readonly string[]): void }) => {
    attempt.against([accountId]);
    return outcome();
  };
}

test('a failed login is answered no sooner than the configured time after it started', async () => {
  const f = fixture();
  await expect(
    f.guard.attempt('1.2.3.4', async () => {
      f.advance(40);
      throw errors.invalidCredentials();
    }),
  ).rejects.toMatchObject({ code: 401 });
  expect(f.waits).toEqual([210]);
});

test('after the limit a source is refused without its login running, until the window passes', async () => {
  const f = fixture({ maxFailures: 2 });
  for (let i = 0; i < 2; i++) await expect(f.guard.attempt('x', fail)).rejects.toMatchObject({ code: 401 });
  let ran = false;
  await expect(
    f.guard.attempt('x', async () => {
      ran = true;
      return 'ok';
    }),
  ).rejects.toMatchObject({ code: 401, message: 'invalid_credentials' });
  expect(ran).toBe(false);
  expect(f.waits).toEqual([250, 250, 250]);
  expect(await f.guard.attempt('other', succeed)).toBe('token');
  f.advance(61_000);
  expect(await f.guard.attempt('x', succeed)).toBe('token');
});

test('attempts in flight count: of concurrent guesses only the limit get their credentials checked', async () => {
  const f = fixture({ maxFailures: 3 });
  let checked = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const guesses = Array.from({ length: 10 }, () =>
    f.guard.attempt('burst', async () => {
      checked++;
      await gate;
      throw errors.invalidCredentials();
    }),
  );
  const right = f.guard.attempt('burst', succeed);
  release();
  const outcomes = await Promise.allSettled([...guesses, right]);
  expect(checked).toBe(3);
  expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
});

test('a success forgives only its own attempt: earlier failures of the source stay', async () => {
  const f = fixture({ maxFailures: 3 });
  await expect(f.guard.attempt('s', fail)).rejects.toBeDefined();
  expect(await f.guard.attempt('s', succeed)).toBe('token');
  await expect(f.guard.attempt('s', fail)).rejects.toBeDefined();
  expect(await f.guard.attempt('s', succeed)).toBe('token');
  await expect(f.guard.attempt('s', fail)).rejects.toBeDefined();
  let ran = false;
  await expect(
    f.guard.attempt('s', async () => {
      ran = true;
      return 'ok';
    }),
  ).rejects.toMatchObject({ code: 401 });
  expect(ran).toBe(false);
});

test('failures against one account from many sources lock that account (not others) for its window', async () => {
  const f = fixture({ maxFailures: 10, maxAccountFailures: 3, accountWindowMs: 300_000 });
  for (const source of ['a', 'b', 'c']) await expect(f.guard.attempt(source, naming('acct1', fail))).rejects.toMatchObject({ code: 401 });
  let checked = false;
  const check = async () => {
    checked = true;
    return 'token';
  };
  await expect(f.guard.attempt('d', naming('acct1', check))).rejects.toMatchObject({ code: 401, message: 'invalid_credentials' });
  expect(checked).toBe(false);
  expect(await f.guard.attempt('d', naming('acct2', succeed))).toBe('token');
  // A success on the account does not unlock it; the window does.
  f.advance(200_000);
  await expect(f.guard.attempt('e', naming('acct1', succeed))).rejects.toMatchObject({ code: 401 });
  f.advance(101_000);
  expect(await f.guard.attempt('e', naming('acct1', succeed))).toBe('token');
});

test('a refusal for a locked account counts against the source but not the account', async () => {
  const f = fixture({ maxFailures: 2, maxAccountFailures: 1 });
  await expect(f.guard.attempt('a', naming('acct', fail))).rejects.toBeDefined();
  await expect(f.guard.attempt('b', naming('acct', succeed))).rejects.toMatchObject({ code: 401 });
  await expect(f.guard.attempt('b', naming('acct', succeed))).rejects.toMatchObject({ code: 401 });
  // 'b' has used up its two failures on the lockout: refused for another account too.
  await expect(f.guard.attempt('b', naming('other', succeed))).rejects.toMatchObject({ code: 401 });
  expect(await f.guard.attempt('c', naming('other', succeed))).toBe('token');
});

test('errors that are not credential failures (validation, a disabled account) neither count nor wait', async () => {
  const f = fixture({ maxFailures: 1, maxAccountFailures: 1 });
  await expect(
    f.guard.attempt('v', async () => Promise.reject(errors.field('credentials', 'required', 'Field is required but missing'))),
  ).rejects.toMatchObject({ code: 400 });
  await expect(
    f.guard.attempt('v', async (attempt) => {
      attempt.against(['acct']);
      throw errors.forbidden();
    }),
  ).rejects.toMatchObject({ code: 403 });
  expect(f.waits).toEqual([]);
  expect(await f.guard.attempt('v', naming('acct', succeed))).toBe('token');
});

test('unknown API keys (404 bad identifier) count as failures', async () => {
  const f = fixture({ maxFailures: 1 });
  await expect(f.guard.attempt('k', async () => Promise.reject(errors.badIdentifierList('00')))).rejects.toMatchObject({ code: 404 });
  await expect(f.guard.attempt('k', succeed)).rejects.toMatchObject({ code: 401 });
});
