// At creation, the ratedecks a task's rows would write into, checked for a caller that is not an
// admin of the superduper_admin account: only decks its account owns, or new ones. The tasks
// worker checks again when it writes (a deck can be claimed by someone else in between).
import { errors } from '@tollgate/errors';
import type { Couch } from '@tollgate/kazoo-db';
import { DEFAULT_RATEDECK, isRatedeckAdmin, isRatedeckId, ratedeckStanding, ratedeckWriteProblem } from '@tollgate/ratedecks';
import type { CsvInspection } from './csv-inspect';
import { MAX_COLLECTED } from './csv-inspect';
import type { TaskDoc } from './task-doc';

/** Whether a task's creator writes into every ratedeck (tasks created before priv levels were recorded count as admin). */
export function taskIsRatedeckAdmin(task: Pick<TaskDoc, 'pvt_auth_superduper' | 'pvt_auth_priv_level'>): boolean {
  return isRatedeckAdmin({ isSuperduperAdmin: task.pvt_auth_superduper === true, privLevel: task.pvt_auth_priv_level ?? 'admin' });
}

/** Throws 403 naming the first deck `accountId` may not write into; ids that are not valid deck ids are left to the row checks. */
export async function checkTaskRatedecks(couch: Couch, collected: NonNullable<CsvInspection['collected']>, defaultDeck: string | undefined, accountId: string, field: string): Promise<void> {
  if (collected.overflow) {
    throw errors.field(field, 'maxItems', `a task may write into at most ${MAX_COLLECTED} ratedecks`, { target: MAX_COLLECTED });
  }
  const decks = new Set(collected.values);
  if (collected.empty) decks.add(defaultDeck || DEFAULT_RATEDECK);
  for (const deck of decks) {
    if (!isRatedeckId(deck)) continue;
    const problem = ratedeckWriteProblem(deck, await ratedeckStanding(couch, deck), accountId);
    if (problem) throw errors.forbidden(problem, deck);
  }
}
