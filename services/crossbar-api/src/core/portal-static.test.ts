// The portal's files under /portal/: assets as files, every other page path answered with
// index.html (the single-page app routes it), a missing asset 404, writes 405, no build 503.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { portalStatic } from './portal-static';

let dir: string;
const servers: Server[] = [];

async function serve(portalDir: string): Promise<string> {
  process.env.TOLLGATE_PORTAL_DIR = portalDir;
  const app = express();
  app.use('/portal', portalStatic());
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'portal-static-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>portal</title>');
  writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
});

afterAll(async () => {
  delete process.env.TOLLGATE_PORTAL_DIR;
  for (const s of servers) await new Promise((r) => s.close(r));
  rmSync(dir, { recursive: true, force: true });
});

test('assets are served as files with a long cache; page paths get index.html; a missing asset is 404; a POST is 405', async () => {
  const url = await serve(dir);
  const asset = await fetch(`${url}/portal/assets/app-1234.js`);
  expect(asset.status).toBe(200);
  expect(asset.headers.get('cache-control')).toContain('immutable');
  expect(await asset.text()).toBe('console.log(1)');
  for (const page of ['/portal/', '/portal/clients/abc', '/portal/login?domain=x.example']) {
    const res = await fetch(`${url}${page}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toContain('<title>portal</title>');
  }
  expect((await fetch(`${url}/portal/assets/missing.js`)).status).toBe(404);
  expect((await fetch(`${url}/portal/`, { method: 'POST' })).status).toBe(405);
  // A broken %-escape is a page path like any other (the app says "page not found"), never a 5xx.
  expect((await fetch(`${url}/portal/%ZZ`)).status).toBe(200);
  expect((await fetch(`${url}/portal/assets/%ZZ.js`)).status).toBeLessThan(500);
});

test('without a build the portal answers 503 saying how to build it', async () => {
  const url = await serve(join(dir, 'nothing-here'));
  const res = await fetch(`${url}/portal/`);
  expect(res.status).toBe(503);
  expect(await res.text()).toContain('pnpm run build');
});
