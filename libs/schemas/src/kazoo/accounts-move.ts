// The body of POST /v2/accounts/{id}/move (cb_accounts:validate_move): `to`, the new parent. Kazoo
// ships no schema for it; a missing `to` is answered with cb_accounts' own message by the handler.
export const accountsMoveSchema = {
  description: 'Moves an account under another one',
  type: 'object',
  properties: {
    to: { type: 'string', description: 'The id of the new parent account' },
  },
} as const;
