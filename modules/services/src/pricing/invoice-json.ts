// An invoice as crossbar shows it: amounts in dollars (JSON numbers, at most 4 decimals, exact),
// computed in units.
import { unitsToDollars } from '@tollgate/money';
import type { Invoice, InvoiceLine } from './price-items';

export function invoiceLineJson(l: InvoiceLine): Record<string, unknown> {
  const out: Record<string, unknown> = {
    category: l.category,
    item: l.item,
    quantity: l.actualQuantity,
    billable_quantity: l.quantity,
    rate: l.rate.toNumber(),
    charge: unitsToDollars(l.charge),
    discounts: {
      single: unitsToDollars(l.singleDiscount),
      cumulative: unitsToDollars(l.cumulativeDiscount),
    },
    activation_charges: unitsToDollars(l.activationCharges),
    total: unitsToDollars(l.total),
  };
  if (l.name !== undefined) out.name = l.name;
  if (l.activatedQuantity) out.activate_quantity = l.activatedQuantity;
  if (l.prorated) out.prorated = unitsToDollars(l.prorated);
  return out;
}

export function invoiceJson(invoice: Invoice): Record<string, unknown> {
  return {
    items: invoice.lines.map(invoiceLineJson),
    activation_charges: unitsToDollars(invoice.activationCharges),
    prorated: unitsToDollars(invoice.prorated),
    total: unitsToDollars(invoice.total),
  };
}
