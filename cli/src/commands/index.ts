import type { CliCommand } from './command';
import { config } from './config';
import { db } from './db';
import { masterAccountDb } from './master-account-db';
import { numbers } from './numbers';
import { start } from './start';
import { status } from './status';
import { up } from './up';

/** Every verb of the tollgate CLI, one module each. */
export const commands: CliCommand[] = [up, start, status, config, db, masterAccountDb, numbers];
