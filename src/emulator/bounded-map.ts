/**
 * A Map that evicts its oldest entries past a capacity, so a long session or a benchmark cannot
 * grow the emulator's memory without limit. Entries for which `isPinned` holds are kept.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(
    private readonly capacity: number,
    private readonly onEvict: (value: V) => void = () => undefined,
    private readonly isPinned: (value: V) => boolean = () => false,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.evictOldest();
  }

  values(): IterableIterator<V> {
    return this.entries.values();
  }

  clear(): void {
    this.entries.clear();
  }

  private evictOldest(): void {
    for (const [key, value] of this.entries) {
      if (this.isPinned(value)) continue;
      this.entries.delete(key);
      this.onEvict(value);
      return;
    }
  }
}
