import { randomBytes } from 'node:crypto';

/** kzd_accounts:random_realm: `<rand_hex(strength)>.<suffix>`, e.g. `aeac33.sip.2600hz.com`. */
export function randomRealm(strength: number, suffix: string, random: (n: number) => Buffer = randomBytes): string {
  return `${random(strength).toString('hex')}.${suffix}`;
}

/** Kazoo removes spaces from a realm before anything else looks at it. */
export function removeSpaces(realm: string): string {
  return realm.replace(/ /g, '');
}
