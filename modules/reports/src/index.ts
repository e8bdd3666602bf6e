// @tollgate/reports: a reseller's reports (seed 003) — the calls of its clients with what each
// cost it, sold for and earned; the financial month; its clients' sub-accounts and DIDs. Reads
// only, through the modules that own the data (calls, ledger, accounts, numbers, services).
export { callMoney, callReportColumns, callReportRow, type CallRowOptions, type ReportCall, reportCallOf } from './domain/call-row';
export { type FinancialRow, FinancialTally, type FinancialUnits } from './domain/financial';
export { monthOf, monthPeriod, monthsOf, type Period } from './domain/period';
export { type ReportAccount, type ReportScope, reportScope } from './store/report-scope';
export { type CallCacheOptions, modbReportCalls, refreshCallCache } from './store/call-cache';
export { ReportCacheWarmer, type ReportCacheWarmerOptions } from './store/report-cache-warmer';
export { type CallPageKey, type CallReportQuery, callReportPage, callReportRows, isCallPageKey } from './store/call-report';
export { type FinancialReport, financialReport } from './store/financial-report';
export { DID_COLUMNS, didRows, SUB_ACCOUNT_COLUMNS, subAccountRows } from './store/holdings-report';
