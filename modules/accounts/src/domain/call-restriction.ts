// An account's call_restriction as call authorization must apply it: Kazoo's
// `call_restriction.<classification>.action` (allow | deny | inherit), with NGNPro's pstn_access on
// top — an account without it has every PSTN classification denied whatever its doc says.
// Emergency classifiers (number_manager `classifiers` with `emergency: true`) and Tollgate's
// `internal` are never PSTN here, nor a classifier marked `pstn: false`.

export interface ClassifierFacts {
  name: string;
  emergency?: boolean;
  pstn?: boolean;
  [key: string]: unknown;
}

export type CallRestriction = Record<string, { action: string; [key: string]: unknown }>;

/** Is a call of this classification a PSTN call that pstn_access gates? */
export function isPstnClassifier(c: ClassifierFacts): boolean {
  return c.emergency !== true && c.pstn !== false && c.name !== 'internal';
}

/**
 * The call_restriction in force: the account's own entries, and, when it has no pstn_access, `deny`
 * on every PSTN classification (entries the doc lacks included).
 */
export function effectiveCallRestriction(stored: unknown, classifiers: readonly ClassifierFacts[], pstnAccess: boolean): CallRestriction {
  const out: CallRestriction = {};
  if (stored && typeof stored === 'object' && !Array.isArray(stored)) {
    for (const [k, v] of Object.entries(stored as Record<string, unknown>)) {
      if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { action?: unknown }).action === 'string') out[k] = { ...(v as CallRestriction[string]) };
    }
  }
  if (!pstnAccess) for (const c of classifiers) if (isPstnClassifier(c)) out[c.name] = { ...(out[c.name] ?? {}), action: 'deny' };
  return out;
}
