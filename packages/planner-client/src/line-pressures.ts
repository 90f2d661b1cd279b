/**
 * A pressure line's map (or the part of it that changed), built only when someone looks a key up
 * or iterates it. A consumer that walks what changed with `forEach` never pays for a Map: with a
 * thousand flavors, building one per line costs more than reading the line.
 * `keys` and `values` are a snapshot the parser does not touch again; `indexes`, when given, picks
 * the entries in it (ascending, distinct).
 */
export class LinePressures implements ReadonlyMap<string, number> {
  readonly #keys: readonly string[];
  readonly #values: readonly number[];
  readonly #indexes: readonly number[] | undefined;
  #map: Map<string, number> | undefined;

  constructor(keys: readonly string[], values: readonly number[], indexes?: readonly number[]) {
    this.#keys = keys;
    this.#values = values;
    this.#indexes = indexes;
  }

  get size(): number {
    return this.#indexes?.length ?? this.#keys.length;
  }

  get(key: string): number | undefined {
    return this.#built().get(key);
  }

  has(key: string): boolean {
    return this.#built().has(key);
  }

  /** In line order, as a Map of the same entries would; builds nothing. */
  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void): void {
    const indexes = this.#indexes;
    if (indexes === undefined) {
      for (let i = 0; i < this.#keys.length; i++) callback(this.#values[i]!, this.#keys[i]!, this);
      return;
    }
    for (const i of indexes) callback(this.#values[i]!, this.#keys[i]!, this);
  }

  entries(): MapIterator<[string, number]> {
    return this.#built().entries();
  }

  keys(): MapIterator<string> {
    return this.#built().keys();
  }

  values(): MapIterator<number> {
    return this.#built().values();
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.#built()[Symbol.iterator]();
  }

  #built(): Map<string, number> {
    if (this.#map === undefined) {
      const map = new Map<string, number>();
      this.forEach((value, key) => map.set(key, value));
      this.#map = map;
    }
    return this.#map;
  }
}
