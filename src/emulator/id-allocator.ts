/** The counters Intercom-style numeric ids come from (contacts and files take random ids). */
export type IdKind = 'message' | 'conversation' | 'part';
export type IdCounters = Readonly<Record<IdKind, number>>;

/** The first ids of a fresh workspace: messages start where Intercom's examples do. */
export const FIRST_IDS: IdCounters = { message: 2001, conversation: 1, part: 1 };

/**
 * Hands out increasing ids. With `reserve`, it is the "hi" of a hi-lo scheme: before giving out an
 * id at or past the last reservation it calls `reserve` with a new limit a block further, and only
 * once that returned (the limit is durable) hands the id out. A process killed at any instant has
 * given out nothing past what it reserved, so starting again from the reserved limits never
 * reuses an id, at the cost of one synchronous write per block and a gap of up to a block per
 * restart. Without `reserve` (in memory) nothing is written and nothing survives anyway.
 */
export class IdAllocator {
  private readonly next: Record<IdKind, number>;
  private reserved: IdCounters;

  constructor(
    start: IdCounters = FIRST_IDS,
    private readonly reserve?: (limits: IdCounters) => void,
    private readonly block = 1000,
  ) {
    this.next = { ...start };
    // `start` itself is reserved already: it is where the last reservation ended, or fresh.
    this.reserved = reserve
      ? { ...start }
      : { message: Infinity, conversation: Infinity, part: Infinity };
  }

  take(kind: IdKind): string {
    const id = this.next[kind];
    if (id >= this.reserved[kind]) {
      const limits = { ...this.reserved, [kind]: id + this.block };
      // Throws when it cannot be written: then no id is handed out.
      this.reserve?.(limits);
      this.reserved = limits;
    }
    this.next[kind] = id + 1;
    return String(id);
  }

  /** The next id of each kind. */
  get counters(): IdCounters {
    return { ...this.next };
  }
}
