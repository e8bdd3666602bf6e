import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@tollgate/log';
import { createCrossbarApp } from './core/app';
import { createAuthenticator } from './auth/authenticator';
import type { Authenticator, CrossbarDeps, CrossbarModule } from './core/types';
import { allModules } from './modules';

const log = createLogger('crossbar');

export interface CrossbarStartOptions {
  deps: CrossbarDeps;
  port: number;
  /** Default 127.0.0.1 (this machine only); '0.0.0.0' serves every interface. */
  host?: string;
  /** Defaults to the token_auth authenticator (createAuthenticator). */
  authenticator?: Authenticator;
  /** Defaults to every module of this service. */
  modules?: CrossbarModule[];
}

export interface CrossbarService {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Where a client on this machine reaches a server listening on `host`. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startCrossbar(opts: CrossbarStartOptions): Promise<CrossbarService> {
  const app = createCrossbarApp({ deps: opts.deps, modules: opts.modules ?? allModules, authenticator: opts.authenticator ?? createAuthenticator(opts.deps) });
  const host = opts.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port, host);
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  server.keepAliveTimeout = 5000;
  const port = (server.address() as AddressInfo).port;
  log.info(`crossbar listening on ${host}:${port}`);
  return {
    port,
    url: `http://${reachableHost(host)}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
