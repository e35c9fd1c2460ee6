import { ClientPartitionedLru } from './client-partitioned-lru';

/** What a send came to, kept so that a retry with the same key gets the same answer. */
export type StoredOutcome =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly error: {
        readonly name: string;
        readonly message: string;
        readonly details: Record<string, unknown>;
      };
    };

export type ClaimResult =
  | { readonly state: 'claimed' }
  | { readonly state: 'in-progress'; readonly fingerprint: string }
  /** Claimed by an owner whose lease ran out before it recorded an outcome: it went away. */
  | { readonly state: 'abandoned'; readonly fingerprint: string }
  | { readonly state: 'completed'; readonly fingerprint: string; readonly outcome: StoredOutcome };

/**
 * Idempotency records. A key is claimed before the send by an owner holding a lease that it
 * renews while the send is alive; then completed with its outcome, or released when the send
 * certainly did not happen (so the key can be used again). A claim whose lease runs out without
 * either is abandoned: its owner went away, and the key answers so for the rest of its life.
 */
export interface IdempotencyStore {
  /** Atomically claims `key` for a new send (the record lives `ttlMs`), or says who has it. */
  claim(
    key: string,
    fingerprint: string,
    owner: string,
    leaseMs: number,
    ttlMs: number,
  ): Promise<ClaimResult>;
  /** Extends the owner's lease while its send is alive. */
  renew(key: string, owner: string, leaseMs: number): Promise<void>;
  complete(key: string, fingerprint: string, outcome: StoredOutcome, ttlMs: number): Promise<void>;
  /** Frees the key, if `owner` still holds it. */
  release(key: string, owner: string): Promise<void>;
  /** Resolves once `key` is completed, released or abandoned, or after `timeoutMs`. */
  settled(key: string, timeoutMs: number): Promise<void>;
}

interface Entry {
  fingerprint: string;
  owner?: string;
  leaseUntil: number;
  outcome?: StoredOutcome;
  waiters: Array<() => void>;
}

/**
 * The client a stored key belongs to. Keys are `<client id>:<idempotency key>`, and a client id
 * is `key:<name>`, `jwt:<sub>` or `ip:<address>` with its name URI-encoded: it holds exactly one
 * `:` of its own, so the client is what comes before the second.
 */
export function clientOfKey(key: string): string {
  const second = key.indexOf(':', key.indexOf(':') + 1);
  return second === -1 ? key : key.slice(0, second);
}

/**
 * Bounded, in this process: right for one replica, and each replica's fallback. At most
 * `maxEntries` records in all, each client's in an LRU of its own: a client's sends never evict
 * the keys of a client holding fewer (see ClientPartitionedLru).
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries: ClientPartitionedLru<Entry>;

  constructor(maxEntries: number) {
    this.entries = new ClientPartitionedLru(maxEntries, clientOfKey);
  }

  async claim(
    key: string,
    fingerprint: string,
    owner: string,
    leaseMs: number,
    ttlMs: number,
  ): Promise<ClaimResult> {
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(
        key,
        { fingerprint, owner, leaseUntil: Date.now() + leaseMs, waiters: [] },
        ttlMs,
      );
      return { state: 'claimed' };
    }
    if (entry.outcome) {
      return { state: 'completed', fingerprint: entry.fingerprint, outcome: entry.outcome };
    }
    return entry.leaseUntil < Date.now()
      ? { state: 'abandoned', fingerprint: entry.fingerprint }
      : { state: 'in-progress', fingerprint: entry.fingerprint };
  }

  async renew(key: string, owner: string, leaseMs: number): Promise<void> {
    const entry = this.entries.get(key);
    if (entry && !entry.outcome && entry.owner === owner) entry.leaseUntil = Date.now() + leaseMs;
  }

  async complete(
    key: string,
    fingerprint: string,
    outcome: StoredOutcome,
    ttlMs: number,
  ): Promise<void> {
    const waiters = this.entries.get(key)?.waiters ?? [];
    // Only what a replay needs is kept: the fingerprint and the outcome.
    this.entries.set(key, { fingerprint, outcome, leaseUntil: 0, waiters: [] }, ttlMs);
    for (const wake of waiters) wake();
  }

  async release(key: string, owner: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry || entry.outcome || entry.owner !== owner) return;
    this.entries.delete(key);
    for (const wake of entry.waiters) wake();
  }

  settled(key: string, timeoutMs: number): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry || entry.outcome) return Promise.resolve();
    // The lease running out settles it too (as abandoned).
    const waitMs = Math.max(0, Math.min(timeoutMs, entry.leaseUntil - Date.now() + 1));
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      entry.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
