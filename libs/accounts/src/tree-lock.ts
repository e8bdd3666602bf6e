// Changes that check the whole tree before writing (unique names and realms, moves, reseller
// cascades) run one at a time in this process, so two requests cannot both pass a check that only
// one of them may pass. Processes started separately are not covered; see README.

let tail: Promise<unknown> = Promise.resolve();

export function withTreeLock<T>(work: () => Promise<T>): Promise<T> {
  const run = tail.then(work, work);
  tail = run.catch(() => undefined);
  return run;
}
