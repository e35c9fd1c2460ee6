import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type Redis from 'ioredis';
import { IntercomRateLimitedError } from './errors';
import type { LocalQuotaPacer, PacerOptions, QuotaPacer, QuotaSlot } from './quota-pacer';

/**
 * The quota pacing of LocalQuotaPacer, with its state in Redis so that every replica draws on the
 * one workspace quota: the window's limit, what it has left, when it resets, and the calls under
 * way. Each step is one Lua script, so replicas cannot both take the last slot.
 */

// Every call under way holds a lease in KEYS[2] (a sorted set: lease id -> when it ends, by
// Redis's clock), given back on release. A replica that dies, or a release that never arrives,
// costs its slot only until the lease ends: at most one request timeout.
const LEASES = `
local t = redis.call('TIME')
local clock = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', clock)
`;

// KEYS[1] state hash, KEYS[2] leases; ARGV now, margin, lease id, lease ms. Returns 0 (go, the
// lease is taken) or how many ms to wait before asking again.
const ACQUIRE = `${LEASES}
local inflight = redis.call('ZCARD', KEYS[2])
local function take()
  redis.call('ZADD', KEYS[2], clock + tonumber(ARGV[4]), ARGV[3])
  redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]) + 1000)
  return 0
end
local s = redis.call('HMGET', KEYS[1], 'limit', 'remaining', 'reset', 'unpaced')
local limit, remaining = tonumber(s[1]), tonumber(s[2])
local reset = tonumber(s[3]) or 0
local now, margin = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('PEXPIRE', KEYS[1], 60000)
if s[4] == '1' then return take() end
if not limit then
  if inflight == 0 then return take() end
  return 20
end
if now >= reset + margin then
  remaining = limit
  redis.call('HSET', KEYS[1], 'remaining', limit)
end
if remaining - inflight > 0 then return take() end
-- The window has quota, held by calls under way: one frees it when it ends or its lease does.
if remaining > 0 or now >= reset + margin then return 20 end
return reset + margin - now
`;

// KEYS[1] state hash, KEYS[2] leases; ARGV limit, remaining, reset (ms), lease id; limit is ''
// when the call had no answer, and 'none' when the answer had no rate-limit headers.
const RELEASE = `
redis.call('ZREM', KEYS[2], ARGV[4])
if ARGV[1] == 'none' then
  redis.call('HSET', KEYS[1], 'unpaced', '1')
elseif ARGV[1] ~= '' then
  redis.call('HDEL', KEYS[1], 'unpaced')
  local reset = tonumber(redis.call('HGET', KEYS[1], 'reset')) or 0
  local remaining = tonumber(redis.call('HGET', KEYS[1], 'remaining'))
  local newReset, newRemaining = tonumber(ARGV[3]), tonumber(ARGV[2])
  redis.call('HSET', KEYS[1], 'limit', ARGV[1])
  if newReset > reset or not remaining then
    redis.call('HSET', KEYS[1], 'reset', newReset, 'remaining', newRemaining)
  elseif newReset == reset and newRemaining < remaining then
    redis.call('HSET', KEYS[1], 'remaining', newRemaining)
  end
end
redis.call('PEXPIRE', KEYS[1], 60000)
return 0
`;

const RESET_MARGIN_MS = 25;
/** Between two looks at a full window, never longer than this. */
const MAX_POLL_MS = 100;

interface PacerRedis extends Redis {
  quotaAcquire(
    state: string,
    leases: string,
    now: number,
    margin: number,
    lease: string,
    leaseMs: number,
  ): Promise<number>;
  quotaRelease(
    state: string,
    leases: string,
    limit: string,
    remaining: string,
    reset: string,
    lease: string,
  ): Promise<number>;
}

/** The slot of a call paced by this replica's own pacer, while Redis could not be reached. */
const LOCAL_SLOT = 'local';

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text !== undefined && /^\d+$/.test(text) ? text : undefined;
};

export class RedisQuotaPacer implements QuotaPacer {
  private readonly redis: PacerRedis;
  private readonly key: string;
  private readonly leasesKey: string;
  private waiting = 0;

  constructor(
    redis: Redis,
    namespace: string,
    private readonly options: PacerOptions & {
      /** How long a slot is held at most: one request's timeout, and a little more. */
      readonly slotLeaseMs: number;
    },
    /**
     * Used while Redis cannot be reached; it sees every answer, so it paces by the last quota
     * this replica saw rather than learning it anew.
     */
    private readonly fallback: LocalQuotaPacer,
    private readonly gate: { run<T>(step: () => Promise<T>): Promise<T> },
  ) {
    redis.defineCommand('quotaAcquire', { numberOfKeys: 2, lua: ACQUIRE });
    redis.defineCommand('quotaRelease', { numberOfKeys: 2, lua: RELEASE });
    this.redis = redis as PacerRedis;
    this.key = `${namespace}quota`;
    this.leasesKey = `${namespace}quota:leases`;
  }

  async acquire(): Promise<QuotaSlot> {
    const deadline = Date.now() + this.options.maxWaitMs;
    if (this.waiting >= this.options.maxQueue) throw this.exhausted(0);
    this.waiting += 1;
    try {
      const lease = randomUUID();
      for (;;) {
        let waitMs: number;
        try {
          waitMs = await this.gate.run(() =>
            this.redis.quotaAcquire(
              this.key,
              this.leasesKey,
              Date.now(),
              RESET_MARGIN_MS,
              lease,
              this.options.slotLeaseMs,
            ),
          );
        } catch {
          // A timed-out script may still have taken the lease: it ends on its own.
          await this.fallback.acquire();
          return LOCAL_SLOT;
        }
        if (waitMs === 0) return lease;
        if (Date.now() + waitMs > deadline) throw this.exhausted(waitMs);
        await new Promise((wake) => setTimeout(wake, Math.min(waitMs, MAX_POLL_MS)));
      }
    } finally {
      this.waiting -= 1;
    }
  }

  release(headers: IncomingHttpHeaders | undefined, slot: QuotaSlot): void {
    if (slot === LOCAL_SLOT) {
      this.fallback.release(headers, undefined);
      return;
    }
    if (headers) this.fallback.observe(headers);
    const limit = headers && header(headers, 'x-ratelimit-limit');
    const remaining = headers && header(headers, 'x-ratelimit-remaining');
    const reset = headers && header(headers, 'x-ratelimit-reset');
    const known = limit !== undefined && remaining !== undefined && reset !== undefined;
    const unlimited = headers !== undefined && !known;
    // A release that does not arrive costs its slot until the lease ends.
    this.gate
      .run(() =>
        this.redis.quotaRelease(
          this.key,
          this.leasesKey,
          known ? limit : unlimited ? 'none' : '',
          known ? remaining : '',
          known ? String(Number(reset) * 1000) : '',
          slot ?? '',
        ),
      )
      .catch(() => undefined);
  }

  private exhausted(waitMs: number): IntercomRateLimitedError {
    return new IntercomRateLimitedError(
      "Intercom's rate limit is exhausted for this window, and the wait for the next one is too long.",
      waitMs,
      { mayHaveBeenSent: false },
    );
  }
}
