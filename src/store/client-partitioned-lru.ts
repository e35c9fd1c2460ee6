/**
 * A bounded map whose keys belong to clients, kept so that no client's traffic can push out
 * another's entries: each client's entries are an LRU of their own, and when the whole is full a
 * new entry takes the room of the least recently used entry of the client holding the most (the
 * inserting client's own when it holds as many as anyone). So a client that floods evicts only
 * itself, and every client keeps at least about `maxEntries / clients holding entries` of its
 * most recent ones. The number of clients is bounded by `maxEntries` too (each holds one at least).
 */
export class ClientPartitionedLru<V> {
  /** Each client's entries, least recently used first (a Map keeps insertion order). */
  private readonly clients = new Map<string, Map<string, { value: V; expiresAt: number }>>();
  /** Clients by how many entries they hold, to find the one holding the most in O(1). */
  private readonly byCount = new Map<number, Set<string>>();
  private largest = 0;
  private total = 0;

  constructor(
    private readonly maxEntries: number,
    /** The client a key belongs to. */
    private readonly clientOf: (key: string) => string,
  ) {}

  get size(): number {
    return this.total;
  }

  get(key: string): V | undefined {
    const client = this.clientOf(key);
    const entries = this.clients.get(client);
    const entry = entries?.get(key);
    if (!entries || !entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    // Most recently used last.
    entries.delete(key);
    entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, ttlMs: number): void {
    const client = this.clientOf(key);
    const expiresAt = Date.now() + ttlMs;
    const existing = this.clients.get(client);
    if (existing?.has(key)) {
      existing.delete(key);
      existing.set(key, { value, expiresAt });
      return;
    }
    if (this.total >= this.maxEntries) this.evictFor(client);
    let entries = this.clients.get(client);
    if (!entries) {
      entries = new Map();
      this.clients.set(client, entries);
    }
    entries.set(key, { value, expiresAt });
    this.total += 1;
    this.recount(client, entries.size - 1, entries.size);
  }

  delete(key: string): void {
    const client = this.clientOf(key);
    const entries = this.clients.get(client);
    if (!entries?.delete(key)) return;
    this.total -= 1;
    this.recount(client, entries.size + 1, entries.size);
    if (entries.size === 0) this.clients.delete(client);
  }

  /** Frees one entry for `client`: the oldest of the client holding the most. */
  private evictFor(client: string): void {
    const holdingMost = this.byCount.get(this.largest);
    if (!holdingMost) return;
    const victim = holdingMost.has(client) ? client : holdingMost.values().next().value;
    const oldest = victim === undefined ? undefined : this.clients.get(victim)?.keys().next().value;
    if (oldest !== undefined) this.delete(oldest);
  }

  private recount(client: string, from: number, to: number): void {
    if (from > 0) {
      const bucket = this.byCount.get(from);
      bucket?.delete(client);
      if (bucket?.size === 0) this.byCount.delete(from);
    }
    if (to > 0) {
      let bucket = this.byCount.get(to);
      if (!bucket) {
        bucket = new Set();
        this.byCount.set(to, bucket);
      }
      bucket.add(client);
    }
    if (to > this.largest) this.largest = to;
    // Counts move by one: when the largest bucket empties, the client that left it is one below.
    else if (from === this.largest && !this.byCount.has(from)) this.largest = to;
  }
}
