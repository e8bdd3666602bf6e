// A real HTTP hop in front of a CouchDB server that holds back chosen answers, so a test can make
// the `_changes` feed lag behind writes the way it does on a loaded machine, deterministically.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LaggingProxy {
  /** The target's URL (credentials kept) with this proxy's host and port. */
  url: string;
  close(): Promise<void>;
}

/**
 * `lagMs(path, method)` is how long the answer to a request for `path` is held back (0: not at
 * all), or a promise: the answer is held until it settles (e.g. until the test has written the
 * document between the client's read and its write).
 */
export async function startLaggingProxy(targetUrl: string, lagMs: (path: string, method: string) => number | Promise<unknown>): Promise<LaggingProxy> {
  const target = new URL(targetUrl);
  /** Answers held back; close() drops them (their clients are gone with the connections). */
  const holding = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        const send = () => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        };
        const hold = lagMs(req.url ?? '/', req.method ?? 'GET');
        if (typeof hold === 'number') {
          const timer = setTimeout(() => {
            holding.delete(timer);
            send();
          }, hold);
          holding.add(timer);
        } else {
          hold.then(send, send);
        }
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString().replace(/\/$/, ''),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of holding) clearTimeout(timer);
        holding.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
