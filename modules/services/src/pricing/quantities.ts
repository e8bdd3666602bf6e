/** `{category: {item: count}}`, as on the services doc (`quantities`, `cascade_quantities`). */
export type Quantities = Record<string, Record<string, number>>;

export function quantityOf(q: Quantities | undefined, category: string, item: string): number {
  const v = q?.[category]?.[item];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** Sum of a category's items, leaving out `exceptions` (kz_services:category_quantity). */
export function categoryQuantity(q: Quantities | undefined, category: string, exceptions: readonly string[] = []): number {
  let sum = 0;
  for (const [item, v] of Object.entries(q?.[category] ?? {})) {
    if (!exceptions.includes(item) && typeof v === 'number' && Number.isFinite(v)) sum += v;
  }
  return sum;
}

/** True when some item's count differs (a missing item counts as 0, as Kazoo's diff did). */
export function quantitiesDiffer(a: Quantities | undefined, b: Quantities | undefined): boolean {
  const keys = new Set<string>();
  for (const q of [a ?? {}, b ?? {}]) for (const [cat, items] of Object.entries(q)) for (const item of Object.keys(items ?? {})) keys.add(JSON.stringify([cat, item]));
  for (const k of keys) {
    const [cat, item] = JSON.parse(k) as [string, string];
    if (quantityOf(a, cat, item) !== quantityOf(b, cat, item)) return true;
  }
  return false;
}
