// Whether a carrier's numbers are billed (counted in the account's services). Kazoo hard-codes it
// per carrier module (knm_local:is_number_billable/1 -> false; seed 000 recompiles Kazoo to
// change it); here it is system_config number_manager `is_number_billable.<module>` (config.ts).

/**
 * Defaults: knm_local is not billed (Kazoo's knm_local, seed 000); inventory numbers are (Kazoo's
 * knm_inventory says false, but an inventory is loaded to be sold); a carrier not listed is
 * billable (knm_carriers:is_number_billable falls back to true).
 */
export const DEFAULT_CARRIER_BILLABLE: Readonly<Record<string, boolean>> = {
  knm_local: false,
  knm_inventory: true,
  knm_test: true,
};

const ALIASES: Readonly<Record<string, string>> = { manual: 'knm_inventory', inventory: 'knm_inventory' };

/** `local` → `knm_local`, `manual` → `knm_inventory`; names already prefixed are kept. */
export function carrierModuleName(name: string): string {
  const n = name.trim().toLowerCase();
  if (ALIASES[n]) return ALIASES[n];
  return n.startsWith('knm_') ? n : `knm_${n}`;
}
