// Login throttling over HTTP: concurrent guesses, successes between guesses, many sources against one
// account, and api_auth under the same counters. Sources are distinct loopback addresses
// (127.0.0.0/8 is all on lo under Linux), bound as the client socket's local address.
import { request } from 'node:http';
import { connect } from 'node:net';
import { md5Credentials } from '@tollgate/accounts';
import type { Loose } from '@tollgate/testing';
import { liveAuthSettings } from './auth-config';
import { type CrossbarHarness, startCrossbarHarness } from '@tollgate/crossbar-api/testing';

interface Answer {
  status: number;
  body: Loose;
}

let h: CrossbarHarness;
let port: number;

async function makeAccount(name: string, username: string, password: string): Promise<{ id: string; apiKey: string }> {
  const id = (await h.call('PUT', '/v2/accounts', { token: h.masterToken, data: { name, realm: `${username}.throttle.example.com` } })).body.data.id;
  await h.call('PUT', `/v2/accounts/${id}/users`, {
    token: h.masterToken,
    data: { username, password, first_name: username, last_name: 'T', priv_level: 'admin' },
  });
  const apiKey = (await h.call('GET', `/v2/accounts/${id}/api_key`, { token: h.masterToken })).body.data.api_key;
  return { id, apiKey };
}

function userAuth(username: string, password: string, accountName: string): unknown {
  return { data: { credentials: md5Credentials(username, password), account_name: accountName } };
}

function apiAuth(apiKey: string): unknown {
  return { data: { api_key: apiKey } };
}

/** One PUT from the given local (source) address. */
function putFrom(source: string, path: string, body: unknown, extraHeaders: Record<string, string> = {}): Promise<Answer> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, localAddress: source, method: 'PUT', path, headers: { ...extraHeaders, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Reads HTTP/1.1 responses off a buffer, in order (Content-Length or chunked bodies). */
function parseResponses(raw: Buffer): Answer[] {
  const out: Answer[] = [];
  let at = 0;
  while (at < raw.length) {
    const headEnd = raw.indexOf('\r\n\r\n', at);
    if (headEnd < 0) break;
    const head = raw.subarray(at, headEnd).toString('latin1').split('\r\n');
    const status = Number(head[0]?.split(' ')[1]);
    const headers = new Map(head.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    let bodyAt = headEnd + 4;
    let body: Buffer;
    if (headers.get('transfer-encoding') === 'chunked') {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = raw.indexOf('\r\n', bodyAt);
        const size = Number.parseInt(raw.subarray(bodyAt, lineEnd).toString('latin1'), 16);
        bodyAt = lineEnd + 2;
        if (size === 0) {
          bodyAt += 2;
          break;
        }
        parts.push(raw.subarray(bodyAt, bodyAt + size));
        bodyAt += size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      const length = Number(headers.get('content-length') ?? 0);
      body = raw.subarray(bodyAt, bodyAt + length);
      bodyAt += length;
    }
    out.push({ status, body: body.length ? JSON.parse(body.toString('utf8')) : undefined });
    at = bodyAt;
  }
  return out;
}

/** All the PUTs written at once on one connection (HTTP pipelining): the server has them all in hand together, in this order. */
function pipelinedFrom(source: string, path: string, bodies: unknown[]): Promise<Answer[]> {
  const wire = bodies
    .map((b, i) => {
      const payload = JSON.stringify(b);
      const connection = i === bodies.length - 1 ? 'close' : 'keep-alive';
      return `PUT ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\nConnection: ${connection}\r\n\r\n${payload}`;
    })
    .join('');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: '127.0.0.1', port, localAddress: source }, () => socket.write(wire));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(parseResponses(Buffer.concat(chunks))));
  });
}

/** Writes the limits and returns once the crossbar's live settings hold them. */
async function setLimits(limits: Record<string, number>): Promise<void> {
  for (const [key, value] of Object.entries(limits)) await h.deps.config.setDefault('crossbar', key, value);
  await (await liveAuthSettings(h.deps.config)).refresh();
}

const RELAXED = { max_failed_logins: 100, max_failed_logins_per_account: 100, failed_login_response_ms: 0 };

beforeAll(async () => {
  h = await startCrossbarHarness();
  port = Number(new URL(h.url).port);
});
afterAll(async () => h.close());
afterEach(async () => setLimits(RELAXED));

test('40 wrong guesses and the right password sent at once: the right one is refused once the limit is used up', async () => {
  await makeAccount('Burst Co', 'burst', 'burst-pass');
  await setLimits({ max_failed_logins: 5, max_failed_logins_per_account: 100 });
  const wrong = Array.from({ length: 40 }, (_, i) => userAuth('burst', `guess-${i}`, 'Burst Co'));
  const answers = await pipelinedFrom('127.0.0.11', '/v2/user_auth', [...wrong, userAuth('burst', 'burst-pass', 'Burst Co')]);
  expect(answers).toHaveLength(41);
  const right = answers[40];
  expect(right?.status).toBe(401);
  expect(right?.body).toMatchObject({ status: 'error', error: '401', message: 'invalid_credentials', data: { message: 'invalid credentials' } });
  expect(answers.every((a) => a.status === 401)).toBe(true);
  // The password was right: another source gets in.
  expect((await putFrom('127.0.0.12', '/v2/user_auth', userAuth('burst', 'burst-pass', 'Burst Co'))).status).toBe(201);
});

test("a good login to one's own account between guesses does not reset the source's count", async () => {
  await makeAccount('Own Co', 'own', 'own-pass');
  await makeAccount('Victim Co', 'victim', 'victim-pass');
  await setLimits({ max_failed_logins: 3, max_failed_logins_per_account: 100 });
  const source = '127.0.0.13';
  for (let i = 0; i < 3; i++) {
    if (i > 0) expect((await putFrom(source, '/v2/user_auth', userAuth('own', 'own-pass', 'Own Co'))).status).toBe(201);
    // Headers a client writes do not make it another source.
    const forwarded = { 'x-forwarded-for': `203.0.113.${i}`, 'x-real-ip': `203.0.113.${i}` };
    expect((await putFrom(source, '/v2/user_auth', userAuth('victim', `guess-${i}`, 'Victim Co'), forwarded)).status).toBe(401);
  }
  const right = await putFrom(source, '/v2/user_auth', userAuth('victim', 'victim-pass', 'Victim Co'));
  expect(right.status).toBe(401);
  expect(right.body.message).toBe('invalid_credentials');
  // The source has used up its failures, for its own account too; the count is read live.
  expect((await putFrom(source, '/v2/user_auth', userAuth('own', 'own-pass', 'Own Co'))).status).toBe(401);
  await setLimits({ max_failed_logins: 4 });
  expect((await putFrom(source, '/v2/user_auth', userAuth('own', 'own-pass', 'Own Co'))).status).toBe(201);
});

test('guesses from many sources lock the account they name, however it is named, and no other', async () => {
  const target = await makeAccount('Target Co', 'target', 'target-pass');
  await makeAccount('Bystander Co', 'bystander', 'bystander-pass');
  await setLimits({ max_failed_logins: 3, max_failed_logins_per_account: 4 });
  for (const source of ['127.0.0.21', '127.0.0.22']) {
    for (let i = 0; i < 2; i++) expect((await putFrom(source, '/v2/user_auth', userAuth('target', `guess-${i}`, 'Target Co'))).status).toBe(401);
  }
  const fresh = '127.0.0.23';
  const right = await putFrom(fresh, '/v2/user_auth', userAuth('target', 'target-pass', 'Target Co'));
  expect(right.status).toBe(401);
  expect(right.body).toMatchObject({ error: '401', message: 'invalid_credentials' });
  const byRealm = { data: { credentials: md5Credentials('target', 'target-pass'), account_realm: 'target.throttle.example.com' } };
  const byId = { data: { credentials: md5Credentials('target', 'target-pass'), account_id: target.id } };
  expect((await putFrom('127.0.0.24', '/v2/user_auth', byRealm)).status).toBe(401);
  expect((await putFrom('127.0.0.24', '/v2/user_auth', byId)).status).toBe(401);
  // Only that account is locked, and its API key (a separate, unguessable credential) still works.
  expect((await putFrom(fresh, '/v2/user_auth', userAuth('bystander', 'bystander-pass', 'Bystander Co'))).status).toBe(201);
  expect((await putFrom(fresh, '/v2/api_auth', apiAuth(target.apiKey))).status).toBe(201);
  await setLimits({ max_failed_logins_per_account: 100 });
  expect((await putFrom(fresh, '/v2/user_auth', userAuth('target', 'target-pass', 'Target Co'))).status).toBe(201);
});

test('api_auth guesses count against the same source as user_auth guesses, both ways', async () => {
  const acct = await makeAccount('Keyed Co', 'keyed', 'keyed-pass');
  await setLimits({ max_failed_logins: 3, max_failed_logins_per_account: 100 });
  const keyGuesser = '127.0.0.31';
  for (let i = 0; i < 3; i++) expect((await putFrom(keyGuesser, '/v2/api_auth', apiAuth(`${i}`.repeat(64)))).status).toBe(404);
  expect((await putFrom(keyGuesser, '/v2/user_auth', userAuth('keyed', 'keyed-pass', 'Keyed Co'))).status).toBe(401);
  const refusedKey = await putFrom(keyGuesser, '/v2/api_auth', apiAuth(acct.apiKey));
  expect(refusedKey.status).toBe(401);
  expect(refusedKey.body.message).toBe('invalid_credentials');

  const passwordGuesser = '127.0.0.32';
  for (let i = 0; i < 3; i++) expect((await putFrom(passwordGuesser, '/v2/user_auth', userAuth('keyed', `guess-${i}`, 'Keyed Co'))).status).toBe(401);
  expect((await putFrom(passwordGuesser, '/v2/api_auth', apiAuth(acct.apiKey))).status).toBe(401);
  expect((await putFrom('127.0.0.33', '/v2/api_auth', apiAuth(acct.apiKey))).status).toBe(201);
});

test('40 concurrent wrong api keys and the right one on one connection: the right one is refused too', async () => {
  const acct = await makeAccount('Keyburst Co', 'keyburst', 'keyburst-pass');
  await setLimits({ max_failed_logins: 5, max_failed_logins_per_account: 100 });
  const wrong = Array.from({ length: 40 }, (_, i) => apiAuth(i.toString(16).padStart(64, 'a')));
  const answers = await pipelinedFrom('127.0.0.41', '/v2/api_auth', [...wrong, apiAuth(acct.apiKey)]);
  expect(answers).toHaveLength(41);
  expect(answers[40]?.status).toBe(401);
  expect((await putFrom('127.0.0.42', '/v2/api_auth', apiAuth(acct.apiKey))).status).toBe(201);
});
