// What a task category/action says about itself (kz_tasks help) and who may create it.

/** Kazoo's help for one action, exactly the keys crossbar shows. */
export interface ActionHelp {
  description: string;
  doc: string;
  expected_content?: string;
  mandatory?: string[];
  optional?: string[];
}

/** Help for every category -> action. */
export type TasksHelp = Record<string, Record<string, ActionHelp>>;

/**
 * Who may create a task of an action: 'superduper_admin'; 'reseller' = a superduper admin or the
 * task's account when it is a reseller (kt_rates is_allowed); 'account' = anyone with access to
 * the account. `accountField` names a column that, for a caller that is not a superduper admin,
 * must hold the task's account id (set when empty, refused when another).
 */
export interface ActionPolicy {
  allowed: 'superduper_admin' | 'reseller' | 'account';
  accountField?: string;
  /**
   * A column (and option of the same name, the default for empty cells) naming the ratedeck each row
   * writes into. A caller that is not an admin of the superduper_admin account may name only decks
   * its account owns or new ones (@tollgate/ratedecks ratedeckWriteProblem); checked at creation
   * and again by the worker.
   */
  ratedeckField?: string;
  /** Options a task of this action takes (query string or JSON): allowed values, or 'text' for any. */
  options?: Record<string, readonly string[] | 'text'>;
}

export type TasksPolicies = Record<string, Record<string, ActionPolicy>>;

/** `text/csv` when an action takes a CSV, `none` when it takes nothing. */
const NO_INPUT = 'none';

export function expectsInput(help: ActionHelp): boolean {
  return (help.expected_content ?? NO_INPUT) !== NO_INPUT;
}
