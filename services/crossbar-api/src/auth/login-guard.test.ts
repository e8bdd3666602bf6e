import { errors } from '@tollgate/errors';
import { LoginGuard } from './login-guard';

function fixture(maxFailures = 3) {
  let clock = 1_000_000;
  const waits: number[] = [];
  const guard = new LoginGuard(
    async () => ({ responseMs: 250, maxFailures, windowMs: 60_000 }),
    () => clock,
    async (ms) => {
      waits.push(ms);
      clock += ms;
    },
  );
  return { guard, waits, advance: (ms: number) => (clock += ms) };
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

test('a success is not delayed and clears the failures of its source', async () => {
  const f = fixture();
  await expect(f.guard.attempt('s', async () => Promise.reject(errors.invalidCredentials()))).rejects.toBeDefined();
  expect(await f.guard.attempt('s', async () => 'token')).toBe('token');
  expect(f.waits).toEqual([250]);
  expect(await f.guard.isBlocked('s')).toBe(false);
});

test('after the limit a source is refused without its login running, until the window passes', async () => {
  const f = fixture(2);
  const fail = async () => Promise.reject(errors.invalidCredentials());
  for (let i = 0; i < 2; i++) await expect(f.guard.attempt('x', fail)).rejects.toMatchObject({ code: 401 });
  let ran = false;
  await expect(
    f.guard.attempt('x', async () => {
      ran = true;
      return 'ok';
    }),
  ).rejects.toMatchObject({ code: 401, message: 'invalid_credentials' });
  expect(ran).toBe(false);
  expect(await f.guard.attempt('other', async () => 'ok')).toBe('ok');
  f.advance(61_000);
  expect(await f.guard.attempt('x', async () => 'ok')).toBe('ok');
});

test('errors that are not credential failures (validation) neither count nor wait', async () => {
  const f = fixture(1);
  await expect(f.guard.attempt('v', async () => Promise.reject(errors.field('credentials', 'required', 'Field is required but missing')))).rejects.toMatchObject({ code: 400 });
  expect(f.waits).toEqual([]);
  expect(await f.guard.isBlocked('v')).toBe(false);
});
