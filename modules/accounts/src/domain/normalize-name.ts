/**
 * kzd_accounts:normalize_name: lower case, then only a-z and 0-9 kept. Names must be unique in
 * this form system-wide, because user_auth finds an account by it ("ACME, Inc." = "acmeinc").
 */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
