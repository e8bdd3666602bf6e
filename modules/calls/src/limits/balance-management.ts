// Tollgate's `balance_management` (the VoIP.ms portal's SOFT / HARD), a public face on Kazoo's
// private limits: soft lets calls go on below zero (jonny5 answers Soft-Limit true, the balance goes
// negative); hard refuses them at zero. Stored only as the pvt_ fields, so an admin's edit of those
// fields in Fauxton shows here too.
import type { LimitsDoc } from './limits';

export const BALANCE_MANAGEMENT = ['soft', 'hard'] as const;
export type BalanceManagement = (typeof BALANCE_MANAGEMENT)[number];

export function isBalanceManagement(v: unknown): v is BalanceManagement {
  return v === 'soft' || v === 'hard';
}

/** soft when both directions have a soft limit, else hard. */
export function balanceManagementOf(doc: LimitsDoc | undefined, defaultSoft = false): BalanceManagement {
  const soft = (key: string) => {
    const v = doc?.[key];
    return v === undefined || v === null ? defaultSoft : v === true || v === 'true';
  };
  return soft('pvt_soft_limit_inbound') && soft('pvt_soft_limit_outbound') ? 'soft' : 'hard';
}

/** The private fields a balance_management choice sets (the caller merges them into the doc). */
export function balanceManagementFields(mode: BalanceManagement): Record<string, boolean> {
  const soft = mode === 'soft';
  return { pvt_soft_limit_inbound: soft, pvt_soft_limit_outbound: soft };
}
