/** Seconds between 0000-01-01 (Erlang's gregorian epoch, used in every Kazoo doc) and 1970-01-01. */
export const GREGORIAN_OFFSET = 62167219200;

export function gregorianNow(): number {
  return Math.floor(Date.now() / 1000) + GREGORIAN_OFFSET;
}

export function toGregorian(date: Date): number {
  return Math.floor(date.getTime() / 1000) + GREGORIAN_OFFSET;
}

export function fromGregorian(seconds: number): Date {
  return new Date((seconds - GREGORIAN_OFFSET) * 1000);
}
