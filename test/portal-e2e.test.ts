// Issue 18 acceptance, in a real browser (Debian's chromium driven by playwright-core) against a
// platform started here (its own CouchDB and RabbitMQ vhost) serving the built portal at /portal/:
// (a) a reseller logs in on its branded page (title and navigation bar colour), creates a package,
// creates a client with balance management hard, adds a $20 payment and assigns the package; the
// client logs in and sees $20.00; after a CHANNEL_DESTROY of one of its calls (plain amqplib) it
// sees the call and the lower balance, and the reseller's report shows the call, its profit and a
// chart. (b) a signup on the branded page lands in WAIT; its user cannot log in until the reseller
// activates it. (c) a client editing the URL to another client's page gets the API's 403, said so.
// Screenshots of the main screens go to test-output/portal-screenshots/ for a reviewer.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { findMasterAccountId } from '@tollgate/accounts';
import { type RunningCharging, startCharging } from '@tollgate/charging';
import { numberManagerSource } from '@tollgate/numbers';
import { BookkeeperSelector, ServicesStore, syncNow } from '@tollgate/services';
import { decodedMail, type Loose, randomHex, relayTo, type SmtpCatcher, startSmtpCatcher, waitFor } from '@tollgate/testing';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { channelDestroy, publishChannelDestroy } from './support/channel-destroy';
import { startTestPlatform, type TestPlatform } from './support/platform';
import { platformApi } from './support/platform-api';

const CHROMIUM = process.env.TOLLGATE_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = join(__dirname, '..', 'test-output', 'portal-screenshots');
const PORTAL_DIST = join(__dirname, '..', 'apps', 'portal', 'dist', 'index.html');
const DOMAIN = `portal-${randomHex(3)}.e2e18.example`;
const TITLE = 'Acme Voice Portal';
const NAV = '#123456';
const BUY = `buy18${randomHex(3)}`;
const RESELLER = { account: 'E2E Acme Reseller', username: 'boss18', password: 'boss18-pass' };
const CLIENT = { company: 'Carla Calls Co', first: 'Carla', last: 'Client', email: 'carla@e2e18.example', password: 'carla-pass-18' };
const SIGNUP = { first: 'Wendy', last: 'Wait', email: 'wendy@e2e18.example', password: 'wendy-pass-18' };

let platform: TestPlatform;
let masterToken: string;
let resellerId: string;
let clientId: string;
let amqp: ChannelModel;
let channel: Channel;
let charging: RunningCharging | undefined;
let browser: Browser;
let smtp: SmtpCatcher;

const { api } = platformApi(() => platform);

async function ok(token: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Loose> {
  const res = await api(token, method, path, body, headers);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

/** A small solid PNG (the reseller's logo), made here so the test needs no image file. */
function pngLogo(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

/** A locator's computed background colour, read in the page (the test's tsconfig has no DOM lib). */
async function backgroundOf(locator: Locator): Promise<string> {
  return locator.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  return { context, page };
}

async function logIn(page: Page, account: string, username: string, password: string): Promise<void> {
  await page.goto(`${platform.url}/portal/?domain=${DOMAIN}`);
  await page.getByLabel('Account name').fill(account);
  await page.getByLabel('Username (e-mail)').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

beforeAll(async () => {
  // A missing browser is a failure, not a skip: .ci/run (npm test) installs Debian's chromium.
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) or set TOLLGATE_CHROMIUM; the portal e2e test needs a real browser`);
  if (!existsSync(PORTAL_DIST)) throw new Error(`${PORTAL_DIST} is missing: build the portal first (pnpm run build; npm test does)`);
  mkdirSync(SHOTS, { recursive: true });
  smtp = await startSmtpCatcher();
  platform = await startTestPlatform();
  await relayTo(platform.config, smtp);
  masterToken = await platform.login(platform.master.username, platform.master.password, platform.master.accountName);
  // What the reseller buys: the master's deck, given to the reseller by a plan (as test/packages.test.ts).
  const csv = ['"prefix","rate_cost","rate_increment","rate_minimum","rate_name","iso_country_code","ratedeck_id"', `"1503","0.009","1","0","US-1503 WHOLESALE","US","${BUY}"`, ''].join('\n');
  const task = await ok(masterToken, 'PUT', '/v2/tasks?category=rates&action=import', csv, { 'Content-Type': 'text/csv' });
  await ok(masterToken, 'PATCH', `/v2/tasks/${task._read_only.id}`);
  await waitFor('the deck import', async () => {
    const t = (await api(masterToken, 'GET', `/v2/tasks/${task._read_only.id}`)).body.data._read_only;
    return t.status === 'success' ? t : undefined;
  });
  resellerId = (await ok(masterToken, 'PUT', `/v2/accounts/${platform.master.accountId}`, { name: RESELLER.account })).id;
  await ok(masterToken, 'PUT', `/v2/accounts/${resellerId}/reseller`);
  await ok(masterToken, 'PUT', `/v2/accounts/${resellerId}/users`, { username: RESELLER.username, password: RESELLER.password, first_name: 'Boss', last_name: 'Eighteen', priv_level: 'admin' });
  await ok(masterToken, 'PUT', `/v2/accounts/${platform.master.accountId}/service_plans`, { id: 'plan_buy18', name: 'Wholesale', plan: { ratedeck: { [BUY]: {} } } });
  await ok(masterToken, 'POST', `/v2/accounts/${resellerId}/service_plans`, { add: ['plan_buy18'] });
  // The reseller's branding (its configuration screen writes the same doc).
  await ok(masterToken, 'PUT', `/v2/accounts/${resellerId}/whitelabel`, {
    company_name: 'Acme Voice',
    domain: DOMAIN,
    branding: { title: TITLE, colors: { background: '#f7f7f2', navigation_bar: NAV, links: '#0b7285', text: '#222222' }, buttons: { primary: { background: '#5f3dc4', text: '#ffffff' } }, welcome_text: 'Welcome to Acme Voice!' },
    signup: { required_fields: ['first_name', 'last_name'] },
  });
  const logo = await fetch(`${platform.url}/v2/accounts/${resellerId}/whitelabel/logo`, { method: 'POST', headers: { 'X-Auth-Token': masterToken, 'Content-Type': 'image/png' }, body: pngLogo(160, 48, [18, 52, 86]) });
  expect(logo.status).toBeLessThan(300);
  amqp = await connect(platform.amqpUrl);
  channel = await amqp.createChannel();
  charging = await startCharging({ couch: platform.couch, bus: platform.bus, config: platform.config, node: 'charging-portal-e2e@localhost' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Without the background-networking flags chromium keeps reaching for Google's hosts on a closed network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await charging?.stop();
  await channel?.close().catch(() => {});
  await amqp?.close().catch(() => {});
  await platform?.stop();
  await smtp?.close();
}, 60_000);

test('(a) the reseller sets up a client in the browser; the client sees its $20, then its call and lower balance; the report shows the profit and a chart', async () => {
  const { context, page } = await newPage();
  // The branded login page: the reseller's title and navigation bar colour.
  await page.goto(`${platform.url}/portal/?domain=${DOMAIN}`);
  await page.getByTestId('portal-title').getByText(TITLE).waitFor();
  expect(await page.title()).toBe(TITLE);
  expect(await backgroundOf(page.getByTestId('login-header'))).toBe('rgb(18, 52, 86)');
  // The uploaded logo is shown (loaded: it has a width).
  await page.waitForFunction(() => {
    const img = (globalThis as unknown as { document: { querySelector(s: string): { complete: boolean; naturalWidth: number } | null } }).document.querySelector('[data-testid="brand-logo"] img, img[data-testid="brand-logo"]');
    return img?.complete === true && img.naturalWidth === 160;
  });
  await shot(page, '01-branded-login');

  await logIn(page, RESELLER.account, RESELLER.username, RESELLER.password);
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  expect(await backgroundOf(page.getByTestId('nav-bar'))).toBe('rgb(18, 52, 86)');
  await page.getByTestId('dashboard-chart').waitFor();
  await shot(page, '02-reseller-dashboard');

  // A package: fixed 0.0025 then 20 %, 6 s pulse; the example price says $0.0138.
  await page.getByRole('link', { name: 'Packages' }).click();
  await page.getByLabel('Package name').fill('Basic 18');
  await page.getByLabel('Markup: fixed').fill('0.0025');
  await page.getByLabel('Markup: percentage').fill('20');
  await page.getByLabel('Pulse (seconds)').fill('6');
  await page.getByLabel('Monthly fee').fill('0');
  await page.getByTestId('example-price').getByText('$0.0138').waitFor();
  // A per-area rate the API refuses (a prefix starts with 1-9): its error is shown under the field, nothing is created.
  await page.getByLabel('Per-area rates').fill('0123 = 0.02');
  await page.getByLabel('Free zones').fill('CA');
  await page.getByRole('button', { name: 'Create package' }).click();
  const overridesError = page.locator('.mantine-InputWrapper-root', { has: page.getByLabel('Per-area rates') }).locator('.mantine-InputWrapper-error');
  await overridesError.getByText('line 1').waitFor();
  await shot(page, '03-package-form');
  await page.getByLabel('Per-area rates').fill('1503 = 0.0138');
  await page.getByRole('button', { name: 'Create package' }).click();
  await page.getByTestId('packages-table').getByText('Basic 18').waitFor();

  // A client with balance management hard.
  await page.getByRole('link', { name: 'Clients' }).click();
  await page.getByRole('link', { name: 'Create a new client account' }).click();
  await page.getByLabel('First name').fill(CLIENT.first);
  await page.getByLabel('Last name').fill(CLIENT.last);
  await page.getByLabel('Company').fill(CLIENT.company);
  await page.getByLabel('Address').fill('1 Main St');
  await page.getByLabel("E-mail (the client's username)").fill(CLIENT.email);
  await page.locator('input[name="password"]').fill(CLIENT.password);
  await page.getByLabel('Phone number').fill('+15035550199');
  await page.getByText('Hard (suspended at $0)').click();
  await shot(page, '04-new-client');
  await page.getByRole('button', { name: 'Create client' }).click();
  await page.getByTestId('client-name').getByText(CLIENT.company).waitFor();
  clientId = page.url().split('/').pop() ?? '';
  expect(clientId).toMatch(/^[0-9a-f]{32}$/);
  expect((await ok(masterToken, 'GET', `/v2/accounts/${clientId}/limits`)).balance_management).toBe('hard');

  // A $20 payment, then the package.
  await page.getByLabel('Amount').fill('20');
  await page.getByLabel('Description').fill('First payment');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByTestId('payments-table').getByText('First payment').waitFor();
  await page.getByTestId('client-balance').getByText('$20.00').waitFor();
  // A value the API refuses: its validation error is shown next to the field.
  const lowBalance = page.getByRole('form', { name: 'Low balance e-mail' });
  await lowBalance.getByLabel('Threshold ($)').fill('5');
  await lowBalance.getByRole('button', { name: 'Save' }).click();
  const fieldError = lowBalance.locator('.mantine-InputWrapper-error');
  await fieldError.waitFor();
  expect(await fieldError.textContent()).toMatch(/10/);
  // The refused $5 is not shown as the client's threshold: what is shown is what is stored (none of its own yet).
  const currentThreshold = lowBalance.getByTestId('current-threshold');
  await currentThreshold.getByText("the platform's default").waitFor();
  // A value the API takes is shown once it is re-read.
  await lowBalance.getByLabel('Threshold ($)').fill('25');
  await lowBalance.getByRole('button', { name: 'Save' }).click();
  await lowBalance.getByText('Saved.').waitFor();
  await currentThreshold.getByText('Current threshold: $25', { exact: true }).waitFor();
  await lowBalance.getByLabel('Threshold ($)').fill('5');
  await lowBalance.getByRole('button', { name: 'Save' }).click();
  await fieldError.waitFor();
  expect(await currentThreshold.textContent()).toBe('Current threshold: $25');
  // The client's DID fees over the reseller's defaults.
  const didFees = page.getByRole('form', { name: 'DID fees' });
  await didFees.getByLabel('Monthly fee ($ per number)').fill('2.5');
  await didFees.getByRole('button', { name: 'Save' }).click();
  await didFees.getByText('Saved.').waitFor();
  expect((await ok(masterToken, 'GET', `/v2/accounts/${clientId}/did_fees`)).monthly_fee).toBe(2.5);
  await page.getByRole('combobox', { name: 'Assign package' }).click();
  await page.getByRole('option', { name: 'Basic 18' }).click();
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await page.getByTestId('current-package').getByText('Basic 18').waitFor();
  // A sub-account below the client (the seed's PBX / phone), listed by the sub-accounts report.
  await page.getByLabel('New sub-account name').fill('Carla PBX');
  await page.getByRole('button', { name: 'Create sub-account' }).click();
  await page.getByRole('cell', { name: 'Carla PBX' }).waitFor();
  await shot(page, '05-manage-client');
  await context.close();

  // Rating prices the client on the package's deck before its call ends.
  await waitFor('the package price for the client', async () => {
    const r = await api(masterToken, 'GET', `/v2/accounts/${clientId}/rates/number/15035551234`);
    return r.body.data?.Rate === 0.0138 ? true : undefined;
  }, 60_000);

  // The client logs in on the same branded page and sees $20.00.
  const client = await newPage();
  await logIn(client.page, CLIENT.company, CLIENT.email, CLIENT.password);
  await client.page.getByTestId('balance').getByText('$20.00').waitFor();
  await client.page.getByTestId('welcome-text').getByText('Welcome to Acme Voice!').waitFor();
  await shot(client.page, '06-client-dashboard');

  // One call of 95 s ends (sold 96 s at $0.0138 = $0.0221; cost 95 s at $0.009 = $0.0143).
  const callId = `e2e${randomHex(8)}@10.0.0.1`;
  publishChannelDestroy(channel, channelDestroy({ callId, accountId: clientId, resellerId, billingSeconds: 95, ccvs: { 'Rate-Minimum': '6', 'Rate-Name': 'US-1503 WHOLESALE' } }));
  await waitFor('the call charged', async () => {
    const total = (await api(masterToken, 'GET', `/v2/accounts/${clientId}/ledgers/total`)).body.data?.amount;
    return typeof total === 'number' && total < 20 ? total : undefined;
  }, 60_000);
  await client.page.reload();
  await client.page.getByTestId('balance').getByText('$19.98').waitFor();
  await client.page.getByTestId('recent-calls').getByText('+15035551234').first().waitFor();
  await shot(client.page, '07-client-after-call');
  await client.page.getByRole('link', { name: 'Calls' }).click();
  await client.page.getByTestId('cdrs-table').getByText('$0.0221').waitFor();
  await shot(client.page, '08-client-calls');

  // (c) the client edits the URL to another client's page: the API's 403, said so on the page.
  const other = (await ok(masterToken, 'PUT', `/v2/accounts/${resellerId}`, { name: 'Other Client 18' })).id;
  await client.page.goto(`${platform.url}/portal/clients/${other}`);
  await client.page.getByTestId('api-error').getByText('Not allowed (403)').waitFor();
  await shot(client.page, '09-client-forbidden');
  await client.context.close();

  // The reseller's report: the call with its profit, and a chart.
  const reseller = await newPage();
  await logIn(reseller.page, RESELLER.account, RESELLER.username, RESELLER.password);
  await reseller.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await reseller.page.getByRole('link', { name: 'Reports' }).click();
  const table = reseller.page.getByTestId('report-table');
  await table.getByText(CLIENT.company).waitFor();
  const row = table.locator('tr', { hasText: CLIENT.company });
  await row.getByText('$0.0078').waitFor();
  await reseller.page.getByTestId('report-chart').locator('svg').first().waitFor();
  await shot(reseller.page, '10-reseller-report');
  await reseller.page.getByRole('tab', { name: 'Financial' }).click();
  await reseller.page.getByTestId('report-chart').locator('svg').first().waitFor();
  await shot(reseller.page, '11-financial-report');
  await reseller.page.getByRole('tab', { name: 'Sub-accounts' }).click();
  await reseller.page.getByTestId('report-table').getByText('Carla PBX').waitFor();
  // The dashboard now counts the call and its profit.
  await reseller.page.getByRole('link', { name: 'Dashboard' }).click();
  await reseller.page.getByTestId('month-calls').getByText('1', { exact: true }).waitFor();
  await reseller.page.getByTestId('month-profit').getByText('$0.0078').waitFor();
  await shot(reseller.page, '11b-reseller-dashboard-after-call');
  await reseller.context.close();
}, 180_000);

test('(b) a signup on the branded page lands in WAIT; its user cannot log in until the reseller activates it', async () => {
  const visitor = await newPage();
  await visitor.page.goto(`${platform.url}/portal/?domain=${DOMAIN}`);
  await visitor.page.getByRole('link', { name: 'Sign up for an account' }).click();
  await visitor.page.getByLabel('First name').fill(SIGNUP.first);
  await visitor.page.getByLabel('Last name').fill(SIGNUP.last);
  await visitor.page.getByLabel('E-mail (your username)').fill(SIGNUP.email);
  await visitor.page.locator('input[name="password"]').fill(SIGNUP.password);
  await visitor.page.getByLabel('I want an account').check();
  await shot(visitor.page, '12-signup');
  await visitor.page.getByRole('button', { name: 'Sign up' }).click();
  const done = visitor.page.getByTestId('signup-done');
  await done.waitFor();
  const accountName = (await done.locator('b').textContent()) ?? '';
  expect(accountName).toContain(SIGNUP.email);

  await logIn(visitor.page, accountName, SIGNUP.email, SIGNUP.password);
  await visitor.page.getByTestId('login-error').getByText('awaiting activation').waitFor();
  await shot(visitor.page, '13-signup-waiting-login');

  const reseller = await newPage();
  await logIn(reseller.page, RESELLER.account, RESELLER.username, RESELLER.password);
  await reseller.page.getByRole('link', { name: 'Clients' }).click();
  const row = reseller.page.getByTestId('clients-table').locator('tr', { hasText: accountName });
  await row.getByTestId('client-status').getByText('WAIT').waitFor();
  await shot(reseller.page, '14-clients-wait');
  await row.getByRole('button', { name: /Activate/ }).click();
  await row.getByTestId('client-status').getByText('ACTIVE').waitFor();
  await shot(reseller.page, '15-clients-activated');
  await reseller.context.close();

  await logIn(visitor.page, accountName, SIGNUP.email, SIGNUP.password);
  await visitor.page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await visitor.page.getByTestId('balance').waitFor();
  await visitor.context.close();
}, 120_000);

test('(d) configuration with a live preview, "log in as client" and back, and the client on a phone-sized screen', async () => {
  const { context, page } = await newPage();
  await logIn(page, RESELLER.account, RESELLER.username, RESELLER.password);
  await page.getByRole('link', { name: 'Configuration' }).click();
  const preview = page.getByTestId('branding-preview');
  await preview.waitFor();
  await page.getByLabel('Links', { exact: true }).fill('#c92a2a');
  await page.getByLabel('Title', { exact: true }).fill(`${TITLE} (preview)`);
  await preview.getByText(`${TITLE} (preview)`).waitFor();
  await page.waitForFunction(() => {
    const el = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('[data-testid="branding-preview"] .tg-link');
    return el !== null && (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color === 'rgb(201, 42, 42)';
  });
  await shot(page, '16-configuration-preview');
  await page.getByLabel('Title', { exact: true }).fill(TITLE);
  await page.getByRole('button', { name: 'Save configuration' }).click();
  await page.getByText('Saved.').waitFor();
  expect((await ok(masterToken, 'GET', `/v2/whitelabel/${DOMAIN}`)).branding.colors.links).toBe('#c92a2a');

  // "Log in as client" (impersonate_user) shows the client's own screens, and comes back.
  await page.getByRole('link', { name: 'Clients' }).click();
  await page.getByTestId('clients-table').locator('tr', { hasText: CLIENT.company }).getByRole('link', { name: 'Manage' }).click();
  await page.getByTestId('login-as-client').click();
  await page.getByTestId('balance').getByText('$19.98').waitFor();
  await page.getByTestId('back-to-reseller').waitFor();
  await shot(page, '17-logged-in-as-client');
  await page.getByTestId('back-to-reseller').click();
  await page.getByTestId('clients-table').waitFor();
  await context.close();

  // A phone-sized screen: the menu folds into a burger.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const mobile = await phone.newPage();
  await logIn(mobile, CLIENT.company, CLIENT.email, CLIENT.password);
  await mobile.getByTestId('balance').getByText('$19.98').waitFor();
  await shot(mobile, '18-phone-client-dashboard');
  await mobile.getByRole('button', { name: 'Menu' }).click();
  await mobile.getByRole('link', { name: 'Payments' }).click();
  await mobile.getByTestId('client-payments').getByText('First payment').waitFor();
  await shot(mobile, '19-phone-client-payments');
  await phone.close();
}, 120_000);

test('(e) "Forgot your password?" on the branded page: the mailed key opens the reset page (through the site root) and the new password logs in', async () => {
  // A client of its own (made through the API), so that this scenario runs alone (`-t '(e)'`).
  const RESET = { company: `Rita Reset ${randomHex(3)}`, email: `rita-${randomHex(3)}@e2e18.example` };
  const rita = (await ok(masterToken, 'PUT', `/v2/accounts/${resellerId}`, { name: RESET.company })).id;
  await ok(masterToken, 'PUT', `/v2/accounts/${rita}/users`, { username: RESET.email, email: RESET.email, password: 'rita-old-pass-18', first_name: 'Rita', last_name: 'Reset', priv_level: 'admin' });
  const { context, page } = await newPage();
  await page.goto(`${platform.url}/portal/?domain=${DOMAIN}`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Account name').fill(RESET.company);
  await page.getByLabel('Username (e-mail)').fill(RESET.email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await page.getByText('a mail with a link').waitFor();
  const mail = await waitFor('the recovery mail', async () => smtp.mails.find((m) => m.to.includes(RESET.email) && /recovery=/.test(decodedMail(m.data))), 30_000, 20);
  const key = /recovery=([0-9a-f]+)/.exec(decodedMail(mail.data))?.[1];
  expect(key).toBeDefined();
  // The mailed link points at the site's root (https://{domain}/?recovery=…): crossbar sends it on to the portal.
  await page.goto(`${platform.url}/?recovery=${key}`);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await page.locator('input[type="password"]').fill('carla-new-pass-18');
  await shot(page, '20-reset-password');
  // Positive signals: the API's answer to this page's POST (its status said if it fails), then the page's message.
  const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/v2/user_auth/recovery')), page.getByRole('button', { name: 'Set the password' }).click()]);
  expect(`${answer.status()} ${answer.status() >= 300 ? await answer.text() : ''}`).toBe('200 ');
  await page.getByTestId('reset-done').getByText('Your password is changed').waitFor();
  // The "password changed" mail (the second to this user) goes out after the answer.
  await waitFor('the password changed mail', async () => smtp.mails.find((m) => m.to.includes(RESET.email) && !/recovery=/.test(decodedMail(m.data))), 30_000, 20);
  await logIn(page, RESET.company, RESET.email, 'carla-new-pass-18');
  await page.getByTestId('balance').waitFor();
  await context.close();
}, 90_000);

test('(f) the reseller connects one of its DIDs to the client (its fees said first) and disconnects it', async () => {
  const did = `+1503555${String(Math.floor(1000 + Math.random() * 8999))}`;
  await ok(masterToken, 'PUT', `/v2/accounts/${resellerId}/phone_numbers/collection`, { numbers: [did], state: 'available' });
  const { context, page } = await newPage();
  await logIn(page, RESELLER.account, RESELLER.username, RESELLER.password);
  await page.getByRole('link', { name: 'Clients' }).click();
  await page.getByTestId('clients-table').locator('tr', { hasText: CLIENT.company }).getByRole('link', { name: 'Manage' }).click();
  // The client's monthly fee set in (a) ($2.50), no setup fee anywhere ($0.00).
  await page.getByTestId('did-fees-charged').getByText('$0.00 once (setup) and $2.50 per month').waitFor();
  await page.getByLabel('Your available numbers starting with').fill(did.slice(0, 8));
  await page.getByRole('button', { name: 'Find numbers' }).click();
  await page.getByTestId('available-numbers').getByText(did).waitFor();
  await page.getByRole('button', { name: `Connect ${did}` }).click();
  await page.getByTestId('client-numbers').locator('tr', { hasText: did }).getByText('in_service').waitFor();
  expect(Object.keys((await ok(masterToken, 'GET', `/v2/accounts/${clientId}/phone_numbers`)).numbers)).toContain(did);
  await shot(page, '21-client-did-connected');
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: `Disconnect ${did}` }).click();
  await page.getByText(`${did} disconnected.`).waitFor();
  expect((await ok(masterToken, 'GET', `/v2/accounts/${clientId}/phone_numbers`)).numbers[did]).toBeUndefined();
  await context.close();
}, 60_000);

test('(g) the reseller uploads a ratedeck: the import task is started and its progress shown until done', async () => {
  const deck = `own18${randomHex(3)}`;
  const { context, page } = await newPage();
  await logIn(page, RESELLER.account, RESELLER.username, RESELLER.password);
  await page.getByRole('link', { name: 'Rates' }).click();
  await page.getByLabel('Ratedeck (for rows without ratedeck_id)').fill(deck);
  await page.getByLabel('Rates (CSV)').fill(['prefix,rate_cost,rate_name,iso_country_code', '1604,0.011,CA-1604 VANCOUVER,CA', '1778,0.012,CA-1778 BC,CA', ''].join('\n'));
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await page.getByTestId('rates-task-status').getByText('success', { exact: true }).waitFor({ timeout: 60_000 });
  await page.getByTestId('rates-task').getByText('2 of 2 rows').waitFor();
  await page.getByTestId('rates-tasks').getByText('success').first().waitFor();
  await shot(page, '22-rates-import');
  await context.close();
}, 90_000);

test('(h) the reseller writes its clients\' low balance mail with the seed\'s placeholders, previews and saves it', async () => {
  const { context, page } = await newPage();
  await logIn(page, RESELLER.account, RESELLER.username, RESELLER.password);
  await page.getByRole('link', { name: 'Configuration' }).click();
  const form = page.getByRole('form', { name: 'Low balance mail template' });
  await form.getByTestId('low-balance-template-source').getByText('inherited').waitFor();
  await form.getByLabel('Subject').fill('Low balance: [balance]');
  await form.getByLabel('Text body').fill('Dear [firstname], your balance is [balance] (threshold [threshold]).');
  await form.getByRole('button', { name: 'Preview' }).click();
  // The API renders the placeholders (sample data): none is left as written.
  const preview = form.getByTestId('low-balance-preview');
  await preview.getByText(/^Low balance: \$/).waitFor();
  expect(await preview.textContent()).not.toContain('[balance]');
  await form.getByRole('button', { name: 'Save template' }).click();
  await form.getByText('Saved.').waitFor();
  await form.getByTestId('low-balance-template-source').getByText('its own template').waitFor();
  expect((await ok(masterToken, 'GET', `/v2/accounts/${resellerId}/notifications/low_balance`)).subject).toBe('Low balance: [balance]');
  await form.scrollIntoViewIfNeeded();
  await shot(page, '23-low-balance-template');
  await context.close();
}, 60_000);

test("(i) the reseller adds a user to its client and disables it on the manage screen", async () => {
  const email = `ulla-${randomHex(3)}@e2e18.example`;
  const { context, page } = await newPage();
  await logIn(page, RESELLER.account, RESELLER.username, RESELLER.password);
  await page.getByRole('link', { name: 'Clients' }).click();
  await page.getByTestId('clients-table').locator('tr', { hasText: CLIENT.company }).getByRole('link', { name: 'Manage' }).click();
  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel("User's first name").fill('Ulla');
  await form.getByLabel("User's last name").fill('User');
  await form.getByLabel("User's e-mail (username)").fill(email);
  await form.getByLabel("User's password").fill('ulla-pass-18');
  await form.getByRole('button', { name: 'Create user' }).click();
  const row = page.getByTestId('users-table').locator('tr', { hasText: email });
  await row.getByText('enabled', { exact: true }).waitFor();
  await row.getByRole('button', { name: `Disable ${email}` }).click();
  await row.getByText('disabled', { exact: true }).waitFor();
  const users = (await ok(masterToken, 'GET', `/v2/accounts/${clientId}/users`)) as Array<{ username: string; enabled?: boolean }>;
  expect(users.find((u) => u.username === email)?.enabled).toBe(false);
  await row.scrollIntoViewIfNeeded();
  await shot(page, '24-client-users');
  // The client's low balance template: the reseller's from (h), inherited, until the client has its own.
  const template = page.getByRole('form', { name: 'Low balance mail template' });
  await template.getByTestId('low-balance-template-source').getByText('inherited').waitFor();
  expect(await template.getByLabel('Subject').inputValue()).toBe('Low balance: [balance]');
  await context.close();
}, 60_000);

test('(j) the reseller adds a device to its client (its SIP password shown); the client sees it without the password (the whitelabel hides SIP passwords)', async () => {
  const name = `Desk ${randomHex(3)}`;
  const reseller = await newPage();
  await logIn(reseller.page, RESELLER.account, RESELLER.username, RESELLER.password);
  await reseller.page.getByRole('link', { name: 'Clients' }).click();
  await reseller.page.getByTestId('clients-table').locator('tr', { hasText: CLIENT.company }).getByRole('link', { name: 'Manage' }).click();
  const form = reseller.page.getByRole('form', { name: 'New device' });
  await form.getByLabel('Device name').fill(name);
  await form.getByLabel('SIP username').fill(`desk${randomHex(3)}`);
  await form.getByLabel('SIP password').fill('sip-secret-18');
  await form.getByRole('button', { name: 'Create device' }).click();
  const row = reseller.page.getByTestId('devices-table').locator('tr', { hasText: name });
  await row.getByText('enabled', { exact: true }).waitFor();
  await row.getByRole('button', { name: `Show the SIP password of ${name}` }).click();
  await row.getByText('sip-secret-18').waitFor();
  await row.getByRole('button', { name: `Disable ${name}` }).click();
  await row.getByText('disabled', { exact: true }).waitFor();
  await row.scrollIntoViewIfNeeded();
  await shot(reseller.page, '25-client-devices');
  await reseller.context.close();

  const client = await newPage();
  await logIn(client.page, CLIENT.company, CLIENT.email, CLIENT.password);
  await client.page.getByRole('link', { name: 'Devices' }).click();
  const mine = client.page.getByTestId('devices-table').locator('tr', { hasText: name });
  await mine.getByRole('button', { name: `Show the SIP password of ${name}` }).click();
  await mine.getByText('hidden by your provider').waitFor();
  await shot(client.page, '26-own-devices');
  await client.context.close();
}, 60_000);

test('(k) a client created with "Setup fee charged" off is given the package with no setup fee: its sync bills the monthly fee only', async () => {
  await ok(masterToken, 'PUT', `/v2/accounts/${resellerId}/packages`, { id: 'setup18', name: 'Setup 18', package: { markup: { percentage: 10 }, monthly_fee: 1, setup_fee: 9 } });
  const company = `Waived Setup ${randomHex(3)}`;
  const { context, page } = await newPage();
  await logIn(page, RESELLER.account, RESELLER.username, RESELLER.password);
  await page.getByRole('link', { name: 'Clients' }).click();
  await page.getByRole('link', { name: 'Create a new client account' }).click();
  await page.getByLabel('First name').fill('Wally');
  await page.getByLabel('Company').fill(company);
  await page.getByLabel("E-mail (the client's username)").fill(`wally-${randomHex(3)}@e2e18.example`);
  await page.locator('input[name="password"]').fill('wally-pass-18');
  await page.getByRole('combobox', { name: 'Package', exact: true }).click();
  await page.getByRole('option', { name: 'Setup 18' }).click();
  const setupFee = page.getByLabel('Setup fee charged');
  expect(await setupFee.isChecked()).toBe(true);
  await setupFee.setChecked(false, { force: true });
  await page.getByText('No setup fee for this client').waitFor();
  await shot(page, '27-setup-fee-off');
  await page.getByRole('button', { name: 'Create client' }).click();
  await page.getByTestId('client-name').getByText(company).waitFor();
  const waivedId = page.url().split('/').pop() ?? '';
  expect(waivedId).toMatch(/^[0-9a-f]{32}$/);
  await context.close();
  const store = await ServicesStore.open({
    couch: platform.couch,
    bus: platform.bus,
    config: platform.config,
    numbers: numberManagerSource(platform.couch, platform.config),
    masterId: () => findMasterAccountId({ couch: platform.couch, config: platform.config }),
  });
  try {
    // The platform's services-sync may hold the account (busy): synced once it lets go.
    const deps = { store, bookkeepers: new BookkeeperSelector({ store }), node: 'portal-e2e@localhost' };
    await waitFor('a sync of the client', async () => {
      const outcome = await syncNow(deps, waivedId);
      return outcome.result === 'busy' ? undefined : outcome;
    });
  } finally {
    store.close();
  }
  const txs = (await ok(masterToken, 'GET', `/v2/accounts/${waivedId}/transactions`)) as Loose[];
  const fees = txs.filter((t) => t.reason === 'monthly_recurring' || t.reason === 'activation_charges').map((t) => [t.reason, t.amount]);
  expect(fees).toEqual([['monthly_recurring', 1]]);
}, 120_000);
