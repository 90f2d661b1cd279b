/**
 * Per-hook cache of hook-tool reads. Juju answers reads from a snapshot taken when the hook started
 * (plus this hook's own pending writes), so a read repeated within one hook run gives the same answer;
 * writes drop the entries they can change. Values are cloned on the way out, so a caller mutating a
 * result cannot change what the next caller sees.
 */
export class ReadCache {
  private readonly entries = new Map<string, Promise<unknown>>();
  /** Keys read ahead of need (`warm`) that no caller has asked for yet. */
  private readonly warmed = new Set<string>();

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key) as Promise<T> | undefined;
    if (entry === undefined) {
      entry = load();
      this.entries.set(key, entry);
      this.forgetOnFailure(key, entry);
    } else if (this.warmed.delete(key)) {
      // The first caller of a read-ahead sees its outcome, failure included; then it is forgotten.
      this.forgetOnFailure(key, entry);
    }
    return structuredClone(await entry);
  }

  /**
   * Starts a read ahead of need (a prefetch). Unlike `get`, a failure is kept until the first
   * caller of `get` receives it, so reading ahead never makes the same call twice.
   */
  async warm<T>(key: string, load: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key) as Promise<T> | undefined;
    if (entry === undefined) {
      entry = load();
      this.entries.set(key, entry);
      this.warmed.add(key);
      entry.catch(() => undefined);
    }
    return structuredClone(await entry);
  }

  /** A failed read is not remembered: the next caller tries again. */
  private forgetOnFailure(key: string, entry: Promise<unknown>): void {
    entry.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
  }

  /** Drops every entry whose key starts with `prefix`. */
  invalidate(prefix: string): void {
    this.invalidateWhere((key) => key.startsWith(prefix));
  }

  /** Drops every entry whose key matches. */
  invalidateWhere(matches: (key: string) => boolean): void {
    for (const key of [...this.entries.keys()]) {
      if (matches(key)) {
        this.entries.delete(key);
        this.warmed.delete(key);
      }
    }
  }

  /** Replaces a cached value by `change(value)` (a write whose effect is known); no-op when absent. */
  update<T>(key: string, change: (value: T) => T): void {
    const entry = this.entries.get(key) as Promise<T> | undefined;
    if (entry !== undefined) this.entries.set(key, entry.then(change));
  }

  /** Caches a value read another way (e.g. a `--refresh` read is also the new tracked content). */
  set<T>(key: string, value: T): void {
    this.warmed.delete(key);
    this.entries.set(key, Promise.resolve(structuredClone(value)));
  }

  get size(): number {
    return this.entries.size;
  }
}
