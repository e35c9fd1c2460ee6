import { LRUCache } from 'lru-cache';

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
  | { readonly state: 'completed'; readonly fingerprint: string; readonly outcome: StoredOutcome };

/**
 * Idempotency records: a key is claimed before the send, completed with its outcome after it, or
 * released when the send certainly did not happen (so the key can be used again).
 */
export interface IdempotencyStore {
  /** Atomically claims `key` for a new send, or says who has it. */
  claim(key: string, fingerprint: string, ttlMs: number): Promise<ClaimResult>;
  complete(key: string, fingerprint: string, outcome: StoredOutcome, ttlMs: number): Promise<void>;
  release(key: string): Promise<void>;
  /** Resolves once `key` is completed or released, or after `timeoutMs`. */
  settled(key: string, timeoutMs: number): Promise<void>;
}

interface Entry {
  fingerprint: string;
  outcome?: StoredOutcome;
  waiters: Array<() => void>;
}

/** Bounded, in this process: right for one replica. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries: LRUCache<string, Entry>;

  constructor(maxEntries: number) {
    this.entries = new LRUCache({ max: maxEntries, ttlAutopurge: false });
  }

  async claim(key: string, fingerprint: string, ttlMs: number): Promise<ClaimResult> {
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { fingerprint, waiters: [] }, { ttl: ttlMs });
      return { state: 'claimed' };
    }
    return entry.outcome
      ? { state: 'completed', fingerprint: entry.fingerprint, outcome: entry.outcome }
      : { state: 'in-progress', fingerprint: entry.fingerprint };
  }

  async complete(
    key: string,
    fingerprint: string,
    outcome: StoredOutcome,
    ttlMs: number,
  ): Promise<void> {
    const waiters = this.entries.get(key)?.waiters ?? [];
    this.entries.set(key, { fingerprint, outcome, waiters: [] }, { ttl: ttlMs });
    for (const wake of waiters) wake();
  }

  async release(key: string): Promise<void> {
    const waiters = this.entries.get(key)?.waiters ?? [];
    this.entries.delete(key);
    for (const wake of waiters) wake();
  }

  settled(key: string, timeoutMs: number): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry || entry.outcome) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      entry.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
