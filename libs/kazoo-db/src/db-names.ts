// Kazoo's database naming (kz_util:format_account_id / format_account_mod_id, knm_converters:to_db).
// Every function accepts any form of an account reference as input. Ratedeck dbs are named by the
// ratedecks module.

const HEX32 = /^[0-9a-f]{32}$/;
const RAW_MODB = /^([0-9a-f]{32})-(\d{4})(\d{2})$/;
const SLASHED = /^account(?:\/|%2f)([0-9a-f]{2})(?:\/|%2f)([0-9a-f]{2})(?:\/|%2f)([0-9a-f]{28})(?:-(\d{4})(\d{2}))?$/i;

export interface ParsedAccountRef {
  accountId: string;
  /** Present for MODB names. */
  year?: number;
  month?: number;
}

/** Parses a raw id, an account db name (encoded or not) or a MODB name; undefined when none. */
export function parseAccountRef(ref: string): ParsedAccountRef | undefined {
  const lower = ref.toLowerCase();
  if (HEX32.test(lower)) return { accountId: lower };
  const raw = RAW_MODB.exec(lower);
  if (raw) return { accountId: raw[1], year: Number(raw[2]), month: Number(raw[3]) };
  const m = SLASHED.exec(lower);
  if (!m) return undefined;
  const accountId = m[1] + m[2] + m[3];
  return m[4] ? { accountId, year: Number(m[4]), month: Number(m[5]) } : { accountId };
}

export function isAccountId(id: unknown): id is string {
  return typeof id === 'string' && HEX32.test(id);
}

/** The 32-hex account id of any account reference; throws on something that is none. */
export function accountId(ref: string): string {
  const parsed = parseAccountRef(ref);
  if (!parsed) throw new Error(`not an account id or account database name: ${JSON.stringify(ref)}`);
  return parsed.accountId;
}

/** `account/ab/cd/<rest>`: the real database name (what nano takes; it encodes '/' itself). */
export function accountDbName(ref: string): string {
  const id = accountId(ref);
  return `account/${id.slice(0, 2)}/${id.slice(2, 4)}/${id.slice(4)}`;
}

/** `account%2Fab%2Fcd%2F<rest>`: Kazoo's format_account_db, the form stored in pvt_account_db. */
export function encodedAccountDb(ref: string): string {
  return encodeDbName(accountDbName(ref));
}

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `account/ab/cd/<rest>-YYYYMM`: the account's monthly db (MODB) for a date or year/month. */
export function modbName(ref: string, when: Date | { year: number; month: number } = new Date()): string {
  const { year, month } = when instanceof Date ? { year: when.getUTCFullYear(), month: when.getUTCMonth() + 1 } : when;
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new Error(`invalid month ${month}`);
  return `${accountDbName(ref)}-${year}${twoDigits(month)}`;
}

/** Encodes a db name for a URL path the way Kazoo does (only '/' and '+' need it in practice). */
export function encodeDbName(name: string): string {
  return encodeURIComponent(name);
}

/** Decodes any form (`account%2F..`, `ratedeck%2Fbulk`) into the real database name. */
export function decodeDbName(name: string): string {
  return name.includes('%') ? decodeURIComponent(name) : name;
}

/** `numbers/+1415` for +14158867900: Kazoo shards numbers by their first 5 characters (knm_converters:to_db). */
export function numberDb(e164: string): string {
  if (!/^\+\d{4,}$/.test(e164)) throw new Error(`not an E.164 number: ${JSON.stringify(e164)}`);
  return `numbers/${e164.slice(0, 5)}`;
}

/** Names of Kazoo's global databases. */
export const GLOBAL_DBS = {
  accounts: 'accounts',
  services: 'services',
  systemConfig: 'system_config',
  tasks: 'tasks',
  tokenAuth: 'token_auth',
  /** The default ratedeck's db (the ratedecks module names the others). */
  ratedeck: 'ratedeck',
} as const;
