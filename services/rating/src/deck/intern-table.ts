// Values many rates share (a cost, a description, a list of routes) stored once and referred to by
// number. Index 0 means "absent". Values no rate uses any more stay until the deck is re-indexed.
export class InternTable<T> {
  private readonly values: (T | undefined)[] = [undefined];
  private readonly byKey = new Map<string, number>();

  constructor(private readonly keyOf: (value: T) => string) {}

  /** The value's number (≥ 1), or 0 for undefined. */
  intern(value: T | undefined): number {
    if (value === undefined) return 0;
    const key = this.keyOf(value);
    let i = this.byKey.get(key);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.byKey.set(key, i);
    }
    return i;
  }

  get(i: number): T | undefined {
    return this.values[i];
  }

  get size(): number {
    return this.values.length - 1;
  }

  /** Every value in number order (index 0 is the absent one), for a snapshot. */
  entries(): readonly (T | undefined)[] {
    return this.values;
  }

  /** Restores a table from entries() so each value keeps its number. */
  static restore<T>(keyOf: (value: T) => string, entries: readonly (T | undefined)[]): InternTable<T> {
    const table = new InternTable<T>(keyOf);
    for (let i = 1; i < entries.length; i++) {
      const value = entries[i] as T;
      table.values.push(value);
      table.byKey.set(keyOf(value), i);
    }
    return table;
  }
}

export function stringTable(): InternTable<string> {
  return new InternTable<string>((s) => s);
}
