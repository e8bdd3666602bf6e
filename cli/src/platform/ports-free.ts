// Every port a start will listen on is checked before anything is created: a first start that
// created the master admin and then failed on a busy port had printed its generated password nowhere.
import { createServer } from 'node:net';
import { portError } from '../cli-error';

export interface PortClaim {
  port: number;
  host: string;
  /** The setting that moves it, named in the error. */
  variable: string;
}

function probe({ port, host }: PortClaim): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** Throws the one-line "port … is already in use (set …)" for the first busy port; port 0 is always free. */
export async function assertPortsFree(claims: readonly PortClaim[]): Promise<void> {
  for (const claim of claims) {
    if (claim.port === 0) continue;
    await probe(claim).catch((err) => {
      throw portError(err, claim.port, claim.variable);
    });
  }
}
