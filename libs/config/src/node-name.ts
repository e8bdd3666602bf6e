import { hostname } from 'node:os';

/** This process's node name, Kazoo-style (`<name>@<host>`); TOLLGATE_NODE overrides it. */
export function nodeName(service = 'tollgate'): string {
  return process.env.TOLLGATE_NODE ?? `${service}@${hostname()}`;
}
