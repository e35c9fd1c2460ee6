import type Redis from 'ioredis';
import type { ClaimResult, IdempotencyStore, StoredOutcome } from './idempotency-store';
import type { RedisGate } from './redis';

interface Record {
  fingerprint: string;
  owner?: string;
  leaseUntil?: number;
  outcome?: StoredOutcome;
}

/** How often a waiting replica looks again whether the first send finished. */
const POLL_MS = 20;

/** Redis's own clock, in ms: leases are judged by one clock, whatever the replicas' say. */
const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// KEYS[1] record; ARGV fingerprint, owner, leaseMs, ttlMs. Returns {state, raw record}.
const CLAIM = `${NOW}
local raw = redis.call('GET', KEYS[1])
if not raw then
  redis.call('SET', KEYS[1], cjson.encode({fingerprint = ARGV[1], owner = ARGV[2], leaseUntil = now + tonumber(ARGV[3])}), 'PX', ARGV[4])
  return {'claimed', ''}
end
local record = cjson.decode(raw)
if record.outcome then return {'completed', raw} end
if (tonumber(record.leaseUntil) or 0) < now then return {'abandoned', raw} end
return {'in-progress', raw}
`;

// KEYS[1] record; ARGV owner, leaseMs.
const RENEW = `${NOW}
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local record = cjson.decode(raw)
if record.outcome or record.owner ~= ARGV[1] then return 0 end
record.leaseUntil = now + tonumber(ARGV[2])
redis.call('SET', KEYS[1], cjson.encode(record), 'KEEPTTL')
return 1
`;

// KEYS[1] record; ARGV owner.
const RELEASE = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local record = cjson.decode(raw)
if record.outcome or record.owner ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`;

interface IdempotencyRedis extends Redis {
  idempotencyClaim(
    key: string,
    fingerprint: string,
    owner: string,
    leaseMs: number,
    ttlMs: number,
  ): Promise<[string, string]>;
  idempotencyRenew(key: string, owner: string, leaseMs: number): Promise<number>;
  idempotencyRelease(key: string, owner: string): Promise<number>;
}

/**
 * Idempotency records in Redis: the claim is one atomic script, so two replicas given the same
 * key make exactly one send, and a claim is a lease judged by Redis's clock, so a replica that
 * dies mid-send leaves a key that says so instead of one stuck for the record's lifetime.
 * Errors reach the caller, which decides how to degrade.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly redis: IdempotencyRedis;

  constructor(
    redis: Redis,
    private readonly namespace: string,
    private readonly gate: RedisGate,
  ) {
    redis.defineCommand('idempotencyClaim', { numberOfKeys: 1, lua: CLAIM });
    redis.defineCommand('idempotencyRenew', { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand('idempotencyRelease', { numberOfKeys: 1, lua: RELEASE });
    this.redis = redis as IdempotencyRedis;
  }

  private key(key: string): string {
    return `${this.namespace}idempotency:${key}`;
  }

  async claim(
    key: string,
    fingerprint: string,
    owner: string,
    leaseMs: number,
    ttlMs: number,
  ): Promise<ClaimResult> {
    const [state, raw] = await this.gate.run(() =>
      this.redis.idempotencyClaim(this.key(key), fingerprint, owner, leaseMs, ttlMs),
    );
    if (state === 'claimed') return { state };
    const record = JSON.parse(raw) as Record;
    if (state === 'completed' && record.outcome) {
      return { state, fingerprint: record.fingerprint, outcome: record.outcome };
    }
    return {
      state: state === 'abandoned' ? 'abandoned' : 'in-progress',
      fingerprint: record.fingerprint,
    };
  }

  async renew(key: string, owner: string, leaseMs: number): Promise<void> {
    await this.gate.run(() => this.redis.idempotencyRenew(this.key(key), owner, leaseMs));
  }

  async complete(
    key: string,
    fingerprint: string,
    outcome: StoredOutcome,
    ttlMs: number,
  ): Promise<void> {
    await this.gate.run(() =>
      this.redis.set(this.key(key), JSON.stringify({ fingerprint, outcome }), 'PX', ttlMs),
    );
  }

  async release(key: string, owner: string): Promise<void> {
    await this.gate.run(() => this.redis.idempotencyRelease(this.key(key), owner));
  }

  async settled(key: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const raw = await this.gate.run(() => this.redis.get(this.key(key)));
      if (raw === null) return;
      const record = JSON.parse(raw) as Record;
      if (record.outcome) return;
      // The lease judged by this replica's clock, only a hint for when to look again: the claim
      // judges it by Redis's. With this clock ahead, the claim still finds the lease held, so a
      // hint of "over" waits its turn too, or the two would ask Redis again and again.
      const leaseOver = (record.leaseUntil ?? 0) < Date.now();
      await new Promise((wake) => setTimeout(wake, POLL_MS));
      if (leaseOver) return;
    }
  }
}
