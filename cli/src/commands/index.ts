import type { CliCommand } from './command';
import { config } from './config';
import { creditVerb } from './credit';
import { createAccountVerb } from './create-account';
import { db } from './db';
import { debitVerb } from './debit';
import { demoteResellerVerb } from './demote-reseller';
import { importRates } from './import-rates';
import { makeResellerVerb } from './make-reseller';
import { masterAccountDb } from './master-account-db';
import { numbers } from './numbers';
import { purgeAccountVerb } from './purge-account';
import { reconcileVerb } from './reconcile';
import { resetPasswordVerb } from './reset-password';
import { servicesVerb } from './services';
import { start } from './start';
import { status } from './status';
import { syncVerb } from './sync';
import { syncAllVerb } from './sync-all';
import { tasks } from './tasks';
import { up } from './up';

/** Every verb of the tollgate CLI, one module each. */
export const commands: CliCommand[] = [up, start, status, config, db, masterAccountDb, numbers, createAccountVerb, makeResellerVerb, demoteResellerVerb, purgeAccountVerb, syncVerb, syncAllVerb, reconcileVerb, servicesVerb, creditVerb, debitVerb, resetPasswordVerb, tasks, importRates];
