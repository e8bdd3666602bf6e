// The reseller portal's built files (apps/portal, package @tollgate/portal) under /portal/ on
// crossbar's port, with the single-page fallback to index.html. Static files, not an API route:
// they stay out of the /v2 route table, its envelope and its access policy. The folder is found
// through the installed package (require.resolve), never by importing its code;
// TOLLGATE_PORTAL_DIR names another build.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';

/** The portal's dist folder, or undefined when the package is not installed. */
export function portalDir(): string | undefined {
  if (process.env.TOLLGATE_PORTAL_DIR) return process.env.TOLLGATE_PORTAL_DIR;
  try {
    return join(dirname(require.resolve('@tollgate/portal/package.json')), 'dist');
  } catch {
    return undefined;
  }
}

// The portal loads only its own files and talks only to this origin's API; Mantine injects styles.
const CSP = "default-src 'self'; img-src 'self' data: blob: https:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

export function portalStatic(): express.Router {
  const router = express.Router();
  const dir = portalDir();
  const index = dir ? join(dir, 'index.html') : undefined;
  router.use((_req: Request, res: Response, next: NextFunction) => {
    res.set({ 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin' });
    next();
  });
  if (dir && existsSync(dir)) {
    router.use(
      express.static(dir, {
        index: false,
        redirect: false,
        // Vite names assets by content hash: cached for good; index.html is read anew each time.
        setHeaders: (res, path) => res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache'),
      }),
    );
  }
  router.use((req: Request, res: Response) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.status(405).set('Allow', 'GET, HEAD').type('text/plain').send('method not allowed\n');
      return;
    }
    if (!index || !existsSync(index)) {
      res.status(503).type('text/plain').send('The portal is not built: run `pnpm run build` (npm start builds it).\n');
      return;
    }
    if (/\.[a-z0-9]+$/i.test(req.path)) {
      res.status(404).type('text/plain').send('not found\n');
      return;
    }
    res.set('Cache-Control', 'no-cache').type('html').send(readFileSync(index));
  });
  return router;
}
