/**
 * kz_services_reseller:find_id: walks the tree from the parent upwards and returns the first
 * reseller; the master account when there is none (a top-level account belongs to the master).
 */
export function nearestReseller(tree: readonly string[], isReseller: (accountId: string) => boolean, masterId: string | undefined): string | undefined {
  for (let i = tree.length - 1; i >= 0; i--) if (isReseller(tree[i])) return tree[i];
  return masterId;
}
