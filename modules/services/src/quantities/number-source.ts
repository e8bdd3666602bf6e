// Where phone-number counts come from. The number manager (@tollgate/numbers) owns numbers,
// their classification (system_config number_manager classifiers) and which carriers are billable;
// services only asks for an account's billable numbers by classification.

export interface AccountNumber {
  /** E.164 number. */
  number: string;
  state: string;
  /** The carrier module (`knm_local`, `knm_inventory`, …). */
  carrier?: string;
  features?: string[];
}

export interface NumberSource {
  /** The account's numbers (Kazoo's account-side copy). */
  listAccountNumbers(accountId: string): Promise<AccountNumber[]>;
  /** Classifies numbers (`did_us`, `tollfree_us`, …); first matching classifier wins. */
  classifier(): Promise<(number: string) => string>;
  /** Whether the carrier's numbers are billed (system_config number_manager). */
  isBillable(carrier: string | undefined): Promise<boolean>;
}

/** Number states that are billed (knm: numbers in use by the account). */
const BILLABLE_STATES = ['in_service', 'port_in'];

export interface NumberCounts {
  phone_numbers: Record<string, number>;
  number_services: Record<string, number>;
}

/** phone_numbers.<classification> for billable numbers in use, number_services.<feature> for their features. */
export async function countNumbers(source: NumberSource, accountId: string): Promise<NumberCounts> {
  const counts: NumberCounts = { phone_numbers: {}, number_services: {} };
  const billable = new Map<string, boolean>();
  const classify = await source.classifier();
  for (const n of await source.listAccountNumbers(accountId)) {
    if (!BILLABLE_STATES.includes(n.state)) continue;
    const carrier = n.carrier ?? '';
    if (!billable.has(carrier)) billable.set(carrier, await source.isBillable(n.carrier));
    if (!billable.get(carrier)) continue;
    const cls = classify(n.number);
    counts.phone_numbers[cls] = (counts.phone_numbers[cls] ?? 0) + 1;
    for (const f of new Set(n.features ?? [])) counts.number_services[f] = (counts.number_services[f] ?? 0) + 1;
  }
  return counts;
}
