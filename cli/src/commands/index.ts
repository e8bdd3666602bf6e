import type { CliCommand } from './command';
import { config } from './config';
import { createAccountVerb } from './create-account';
import { db } from './db';
import { demoteResellerVerb } from './demote-reseller';
import { makeResellerVerb } from './make-reseller';
import { masterAccountDb } from './master-account-db';
import { numbers } from './numbers';
import { purgeAccountVerb } from './purge-account';
import { start } from './start';
import { status } from './status';
import { up } from './up';

/** Every verb of the tollgate CLI, one module each. */
export const commands: CliCommand[] = [up, start, status, config, db, masterAccountDb, numbers, createAccountVerb, makeResellerVerb, demoteResellerVerb, purgeAccountVerb];
