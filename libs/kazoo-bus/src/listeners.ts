import type { BusEvent, BusListener } from './types';

/** The connected/disconnected listeners of one bus; a throwing listener never reaches the bus. */
export class Listeners {
  private readonly byEvent = new Map<BusEvent, Set<BusListener>>();

  constructor(private readonly onListenerError: (err: unknown) => void) {}

  on(event: BusEvent, listener: BusListener): () => void {
    let set = this.byEvent.get(event);
    if (!set) {
      set = new Set();
      this.byEvent.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit(event: BusEvent, err?: Error): void {
    for (const listener of this.byEvent.get(event) ?? []) {
      try {
        listener(err);
      } catch (e) {
        this.onListenerError(e);
      }
    }
  }
}
