// CouchDB's rule for database names (couch_db:validate_dbname); system dbs start with '_'.
const LEGAL = /^[a-z][a-z0-9_$()+/-]*$/;
const SYSTEM = new Set(['_users', '_replicator', '_global_changes']);

export function isLegalDbName(name: string): boolean {
  return SYSTEM.has(name) || (LEGAL.test(name) && name.length <= 238);
}

export function illegalDbNameReason(name: string): string {
  return `Name: '${name}'. Only lowercase characters (a-z), digits (0-9), and any of the characters _, $, (, ), +, -, and / are allowed. Must begin with a letter.`;
}
