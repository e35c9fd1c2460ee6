import type Redis from 'ioredis';
import type { ClaimResult, IdempotencyStore, StoredOutcome } from './idempotency-store';

interface Record {
  fingerprint: string;
  outcome?: StoredOutcome;
}

/** How often a waiting replica looks again whether the first send finished. */
const POLL_MS = 20;

/**
 * Idempotency records in Redis: the claim is one atomic `SET NX PX`, so two replicas given the
 * same key make exactly one send. Errors reach the caller, which decides how to degrade.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  private key(key: string): string {
    return `${this.namespace}idempotency:${key}`;
  }

  async claim(key: string, fingerprint: string, ttlMs: number): Promise<ClaimResult> {
    for (;;) {
      const claimed = await this.redis.set(
        this.key(key),
        JSON.stringify({ fingerprint }),
        'PX',
        ttlMs,
        'NX',
      );
      if (claimed === 'OK') return { state: 'claimed' };
      const raw = await this.redis.get(this.key(key));
      if (raw === null) continue; // released or expired in between: try to claim again
      const record = JSON.parse(raw) as Record;
      return record.outcome
        ? { state: 'completed', fingerprint: record.fingerprint, outcome: record.outcome }
        : { state: 'in-progress', fingerprint: record.fingerprint };
    }
  }

  async complete(
    key: string,
    fingerprint: string,
    outcome: StoredOutcome,
    ttlMs: number,
  ): Promise<void> {
    await this.redis.set(this.key(key), JSON.stringify({ fingerprint, outcome }), 'PX', ttlMs);
  }

  async release(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }

  async settled(key: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const raw = await this.redis.get(this.key(key));
      if (raw === null || (JSON.parse(raw) as Record).outcome) return;
      await new Promise((wake) => setTimeout(wake, POLL_MS));
    }
  }
}
