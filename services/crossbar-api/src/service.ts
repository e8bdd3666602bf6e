import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@tollgate/log';
import { createCrossbarApp } from './core/app';
import { answerClientError } from './core/client-error';
import { writeCrossbarDefaults } from './core/crossbar-config';
import { encodeNode } from './core/envelope';
import { createAuthenticator } from './auth/authenticator';
import { withRoutePolicy } from './auth/enforce-route-policy';
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
  const app = createCrossbarApp({ deps: opts.deps, modules: (opts.modules ?? allModules).map(withRoutePolicy), authenticator: opts.authenticator ?? createAuthenticator(opts.deps) });
  await writeCrossbarDefaults(opts.deps.config);
  const host = opts.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port, host);
    s.once('listening', () => resolve(s));
    s.once('error', reject);
  });
  server.keepAliveTimeout = 5000;
  // Headers must arrive within 20 s (Node: 60 s); a stalled body is cut by the body readers
  // (crossbar request_body_timeout_ms); requestTimeout stays Node's 300 s for large CSV uploads.
  server.headersTimeout = 20_000;
  server.on('clientError', answerClientError(encodeNode(opts.deps.node)));
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
