// @tollgate/calls: what Kazoo's jonny5 and cdr apps decide about a call — its account's limits,
// whether it may start, which calls are up, what it cost once it ended, and its CDR.
// Reads for the REST API
export { cdrColumns, cdrDetail, cdrRow, type CdrRowOptions, type CdrViewer, seesResellerCost } from './cdr-reads/cdr-columns';
export { type CdrsPage, type CdrsQuery, findCdr, isCdrListingKey, listCdrs } from './cdr-reads/list-cdrs';
