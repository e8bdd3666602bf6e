// cb_ledgers' reads: the totals per source over a time range, the balance (`total`), the sources
// an account may see (`available`), one source's entries (paged, JSON or CSV), one entry, and a
// month's summary with its breakdown per account. Reach is crossbar's: the account itself and its
// descendants, so a customer never reads its reseller's ledgers.
import { errors } from '@tollgate/errors';
import { balance, findLedgerEntry, isLedgerEntryKey, isReversedPair, ledgerMonthSummary, ledgerTotalsBySource, listLedgerEntries } from '@tollgate/ledger';
import { unitsToDollars } from '@tollgate/money';
import { requireAccountAccess } from '../../auth/access';
import { columnsOf, csvReply, flattenForCsv } from '../../core/csv-reply';
import { modbPageInfo, modbStartKey } from '../../core/modb-paging';
import { requestedTimeRange } from '../../core/time-range';
import type { Reply, RequestContext } from '../../core/types';
import { accountSummaryJson, ledgerJson, sumsJson } from './ledger-json';
import { ledgersSettings } from './settings';

/** GET /ledgers: per source service, the sum of the entries created in the range (cb_ledgers summary). */
export async function totalsBySource(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  const { from, to } = await requestedTimeRange(ctx);
  return { data: sumsJson(await ledgerTotalsBySource(ctx.deps.couch, accountId, from, to)) };
}

/** GET /ledgers/total: the account's balance, the same figure as transactions/current_balance and authorization. */
export async function total(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  await requireAccountAccess(ctx, accountId);
  return { data: { amount: unitsToDollars(await balance(ctx.deps.couch, accountId)) } };
}

/** GET /ledgers/available: system_config ledgers `registered_ledgers`. */
export async function available(ctx: RequestContext): Promise<Reply> {
  await requireAccountAccess(ctx, ctx.params.account_id);
  return { data: (await ledgersSettings(ctx.deps)).registeredLedgers };
}

/**
 * GET /ledgers/{source}: its entries in the range, oldest first (`descending=true` for newest), paged; CSV (the whole range) on Accept: text/csv.
 * Reversed entries and their reversals are left out unless `include_reversed=true` (a page may then hold fewer than page_size).
 */
export async function entriesOfSource(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  const source = ctx.params.source;
  await requireAccountAccess(ctx, accountId);
  const { from, to } = await requestedTimeRange(ctx);
  const start = modbStartKey(ctx, (key) => isLedgerEntryKey(key, source, from, to));
  const csv = ctx.accepts === 'csv';
  // A CSV report is the whole range (bounded by maximum_range); JSON is paged.
  const page = await listLedgerEntries(ctx.deps.couch, accountId, source, { from, to, pageSize: csv ? undefined : ctx.page.pageSize, start, descending: ctx.page.descending });
  // A deleted payment or charge and its reversing entry are shown only when asked for.
  const includeReversed = ctx.query.include_reversed === 'true';
  const rows = page.entries.filter((e) => includeReversed || !isReversedPair(e)).map(ledgerJson);
  if (csv) {
    const flat = rows.map((r) => flattenForCsv(r));
    return csvReply(ctx, columnsOf(flat), flat, `ledgers_${source.replace(/[^A-Za-z0-9_.-]/g, '_')}_${accountId}.csv`);
  }
  return { data: rows, page: modbPageInfo(ctx, rows.length, page.next) };
}

/** GET /ledgers/{source}/{ledger_id}: one entry, when it is of that source (else Kazoo's bad identifier). */
export async function oneEntry(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  const id = ctx.params.ledger_id;
  await requireAccountAccess(ctx, accountId);
  const entry = await findLedgerEntry(ctx.deps.couch, accountId, id);
  if (!entry || entry.source?.service !== ctx.params.source) throw errors.badIdentifier(id);
  return { data: ledgerJson(entry), revision: entry._rev };
}

const MODB_SUFFIX = /^(\d{4})(\d{2})$/;

/** GET /ledgers/summary/{YYYYMM}: the month's totals per source, and per account its entries name (a reseller's customers). */
export async function monthSummary(ctx: RequestContext): Promise<Reply> {
  const accountId = ctx.params.account_id;
  const suffix = ctx.params.modb_suffix;
  await requireAccountAccess(ctx, accountId);
  const m = MODB_SUFFIX.exec(suffix);
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12) throw errors.badIdentifierList(suffix);
  const { summary, breakdown } = await ledgerMonthSummary(ctx.deps.couch, accountId, Number(m[1]), month);
  return { data: { summary: sumsJson(summary), breakdown: breakdown.map(accountSummaryJson) } };
}
