// @tollgate/calls: what Kazoo's jonny5 and cdr apps decide about a call — its account's limits,
// whether it may start, which calls are up, what it cost once it ended, and its CDR.
export {};
