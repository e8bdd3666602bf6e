import { type CrossbarHarness, createAccount, loginOfNewUser, startCrossbarHarness } from '@tollgate/crossbar-api/testing';
import { whitelabelModule } from '.';

let h: CrossbarHarness;
let reseller: string;
let client: string;
let other: string;
let resellerToken: string;
let clientToken: string;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(16, 2)]);
const path = (id: string) => `/v2/accounts/${id}/whitelabel`;

function upload(id: string, name: string, token: string, body: Buffer | string, type: string): Promise<Response> {
  return fetch(`${h.url}${path(id)}/${name}`, { method: 'POST', headers: { 'X-Auth-Token': token, 'Content-Type': type }, body });
}

beforeAll(async () => {
  h = await startCrossbarHarness({ modules: [whitelabelModule] });
  reseller = await createAccount(h, h.masterToken, 'WL Reseller', h.masterId);
  expect((await h.call('PUT', `/v2/accounts/${reseller}/reseller`, { token: h.masterToken })).status).toBeLessThan(300);
  client = await createAccount(h, h.masterToken, 'WL Client', reseller);
  other = await createAccount(h, h.masterToken, 'WL Other', h.masterId);
  resellerToken = await loginOfNewUser(h, h.masterToken, { id: reseller, name: 'WL Reseller' }, 'wlboss');
  clientToken = await loginOfNewUser(h, h.masterToken, { id: client, name: 'WL Client' }, 'wlclient');
}, 60_000);

afterAll(async () => h?.close());

test('a reseller creates, reads, patches its whitelabel with branding; Kazoo defaults are filled', async () => {
  const res = await h.call('PUT', path(reseller), {
    token: resellerToken,
    data: { company_name: 'Acme Voice', domain: 'Portal.Acme.example', branding: { title: 'Acme', colors: { background: '#fff', navigation_bar: '#112233' }, view: 'simple' } },
  });
  expect(res.status).toBe(201);
  expect(res.body.data).toMatchObject({ id: 'whitelabel', company_name: 'Acme Voice', domain: 'portal.acme.example', hide_powered: false, hide_registration: false, branding: { title: 'Acme', view: 'simple' } });
  expect((await h.call('PUT', path(reseller), { token: resellerToken, data: { domain: 'portal.acme.example' } })).status).toBe(409);
  const patched = await h.call('PATCH', path(reseller), { token: resellerToken, data: { branding: { buttons: { primary: { background: '#00ff00', text: '#000' } } } } });
  expect(patched.status).toBe(200);
  expect(patched.body.data.branding).toMatchObject({ title: 'Acme', buttons: { primary: { background: '#00ff00' } } });
  const got = await h.call('GET', path(reseller), { token: resellerToken });
  expect(got.body.data.domain).toBe('portal.acme.example');
});

test('colour codes, https URLs and the view are validated with the field named', async () => {
  const bad = await h.call('PATCH', path(reseller), { token: resellerToken, data: { branding: { colors: { links: 'red' }, content_logo_url: 'http://x.example/a.png', view: 'fancy' } } });
  expect(bad.status).toBe(400);
  expect(Object.keys(bad.body.data).sort()).toEqual(['branding.colors.links', 'branding.content_logo_url', 'branding.view']);
  expect(bad.body.data['branding.colors.links']).toHaveProperty('pattern');
});

test('a second account claiming the same domain gets Kazoo 400 unique; concurrent claims: one wins', async () => {
  const dup = await h.call('PUT', path(other), { token: h.masterToken, data: { domain: 'PORTAL.acme.example' } });
  expect(dup.status).toBe(400);
  expect(dup.body).toMatchObject({ error: '400', message: 'validation error', data: { domain: { unique: { message: 'White label domain is already in use', cause: 'portal.acme.example' } } } });
  const a = await createAccount(h, h.masterToken, 'WL Race A', h.masterId);
  const b = await createAccount(h, h.masterToken, 'WL Race B', h.masterId);
  const both = await Promise.all([a, b].map((id) => h.call('PUT', path(id), { token: h.masterToken, data: { domain: 'race.example.com' } })));
  expect(both.map((r) => r.status).sort()).toEqual([201, 400]);
  // Deleting frees the domain.
  const winner = both[0].status === 201 ? a : b;
  const loser = winner === a ? b : a;
  expect((await h.call('DELETE', path(winner), { token: h.masterToken })).status).toBe(200);
  expect((await h.call('PUT', path(loser), { token: h.masterToken, data: { domain: 'race.example.com' } })).status).toBe(201);
});

test("who writes: the reseller for its client, not the client itself; a client reads its own", async () => {
  expect((await h.call('PUT', path(client), { token: clientToken, data: { company_name: 'Me' } })).status).toBe(403);
  expect((await h.call('PUT', path(client), { token: resellerToken, data: { company_name: 'Client Co' } })).status).toBe(201);
  expect((await h.call('GET', path(client), { token: clientToken })).body.data.company_name).toBe('Client Co');
  expect((await h.call('GET', path(reseller), { token: clientToken })).status).toBe(403);
  expect((await h.call('PATCH', path(reseller), { token: clientToken, data: {} })).status).toBe(403);
});

test('uploads are typed by their content and size-bounded; the public domain GET serves them and the branding', async () => {
  const ok = await upload(reseller, 'logo', resellerToken, PNG, 'image/png');
  expect(ok.status).toBe(200);
  expect((await upload(reseller, 'logo', resellerToken, GIF, 'image/png')).status).toBe(400);
  const notImage = await upload(reseller, 'icon', resellerToken, '<html>hi</html>', 'image/png');
  expect(notImage.status).toBe(400);
  expect(((await notImage.json()) as { data: Record<string, unknown> }).data.file).toHaveProperty('enum');
  expect((await upload(reseller, 'welcome', resellerToken, '<h1>Welcome</h1>', 'text/html')).status).toBe(200);
  expect((await upload(reseller, 'nope', resellerToken, PNG, 'image/png')).status).toBe(404);
  await h.deps.config.setDefault('crossbar.whitelabel', 'max_image_bytes', 16);
  try {
    expect((await upload(reseller, 'header_image', resellerToken, PNG, 'image/png')).status).toBe(413);
  } finally {
    await h.deps.config.setDefault('crossbar.whitelabel', 'max_image_bytes', 1_048_576);
  }
  const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>';
  expect((await upload(reseller, 'content_logo', resellerToken, svg, 'image/svg+xml')).status).toBe(200);

  // MonsterUI sends uploads as a base64 data URL (Kazoo's application/x-base64)
  expect((await upload(reseller, 'icon', resellerToken, `data:image/gif;base64,${GIF.toString('base64')}`, 'application/x-base64')).status).toBe(200);
  expect((await upload(reseller, 'icon', resellerToken, `data:image/png;base64,${GIF.toString('base64')}`, 'application/x-base64')).status).toBe(400);
  expect((await upload(reseller, 'icon', resellerToken, 'data:image/gif;base64,%%%', 'application/x-base64')).status).toBe(400);

  const pub = await fetch(`${h.url}/v2/whitelabel/portal.acme.example`);
  expect(pub.status).toBe(200);
  const body = (await pub.json()) as { data: Record<string, unknown> };
  expect(body.data).toMatchObject({ company_name: 'Acme Voice', account_id: reseller, branding: { title: 'Acme' }, _read_only: { attachments: ['content_logo', 'icon', 'logo', 'welcome'] } });
  const logo = await fetch(`${h.url}/v2/whitelabel/portal.acme.example/logo`);
  expect(logo.status).toBe(200);
  expect(logo.headers.get('content-type')).toBe('image/png');
  expect(logo.headers.get('content-security-policy')).toMatch(/sandbox/);
  expect(Buffer.from(await logo.arrayBuffer())).toEqual(PNG);
  expect((await fetch(`${h.url}/v2/whitelabel/portal.acme.example/welcome`)).headers.get('content-type')).toMatch(/^text\/html/);
  expect((await fetch(`${h.url}/v2/whitelabel/portal.acme.example/icon`)).headers.get('content-type')).toBe('image/gif');
  expect((await fetch(`${h.url}/v2/whitelabel/portal.acme.example/header_image`)).status).toBe(404);
  expect((await fetch(`${h.url}/v2/whitelabel/nobody.example.com`)).status).toBe(404);
  const own = await fetch(`${h.url}${path(reseller)}/logo`, { headers: { 'X-Auth-Token': resellerToken } });
  expect(own.status).toBe(200);
});
