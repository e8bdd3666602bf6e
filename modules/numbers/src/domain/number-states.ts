// knm_number_states: the states a number goes through.
const NUMBER_STATES = [
  'discovery',
  'available',
  'reserved',
  'in_service',
  'port_in',
  'port_out',
  'released',
  'disconnected',
  'deleted',
  'aging',
] as const;

export type NumberState = (typeof NUMBER_STATES)[number];

export function isNumberState(s: unknown): s is NumberState {
  return typeof s === 'string' && (NUMBER_STATES as readonly string[]).includes(s);
}
