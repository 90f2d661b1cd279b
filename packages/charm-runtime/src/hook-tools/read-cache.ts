/**
 * Per-hook cache of hook-tool reads. Juju answers reads from a snapshot taken when the hook started
 * (plus this hook's own pending writes), so a read repeated within one hook run gives the same answer;
 * writes drop the entries they can change. Values are cloned on the way out, so a caller mutating a
 * result cannot change what the next caller sees.
 */
export class ReadCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key) as Promise<T> | undefined;
    if (entry === undefined) {
      entry = load();
      this.entries.set(key, entry);
      // A failed read is not remembered: the next caller tries again.
      entry.catch(() => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      });
    }
    return structuredClone(await entry);
  }

  /** Drops every entry whose key starts with `prefix`. */
  invalidate(prefix: string): void {
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(prefix)) this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
