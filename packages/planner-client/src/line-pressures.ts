/**
 * A pressure line's map, built only when someone reads it. A consumer that follows only what
 * changed (the `changed` map of a pressure event) never pays for a thousand-entry Map per line.
 * `keys` and `values` are a snapshot the parser does not touch again.
 */
export class LinePressures implements ReadonlyMap<string, number> {
  readonly #keys: readonly string[];
  readonly #values: readonly number[];
  #map: Map<string, number> | undefined;

  constructor(keys: readonly string[], values: readonly number[]) {
    this.#keys = keys;
    this.#values = values;
  }

  get size(): number {
    return this.#built().size;
  }

  get(key: string): number | undefined {
    return this.#built().get(key);
  }

  has(key: string): boolean {
    return this.#built().has(key);
  }

  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void): void {
    this.#built().forEach((value, key) => callback(value, key, this));
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
      for (let i = 0; i < this.#keys.length; i++) map.set(this.#keys[i]!, this.#values[i]!);
      this.#map = map;
    }
    return this.#map;
  }
}
