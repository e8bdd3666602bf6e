import { createHash } from 'node:crypto';

/** A listing's `revision`: a digest of what it shows, so a client can tell whether it changed. */
export function listRevision(data: unknown): string {
  return createHash('md5').update(JSON.stringify(data)).digest('hex');
}
