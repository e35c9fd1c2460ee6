import type { IncomingHttpHeaders } from 'node:http';
import type Redis from 'ioredis';
import { IntercomRateLimitedError } from './errors';
import type { PacerOptions, QuotaPacer } from './quota-pacer';

/**
 * The quota pacing of LocalQuotaPacer, with its state in Redis so that every replica draws on the
 * one workspace quota: the window's limit, what it has left, when it resets, and the calls under
 * way. Each step is one Lua script, so replicas cannot both take the last slot.
 */

// KEYS[1] state hash; ARGV now, margin. Returns 0 (go) or how many ms to wait before asking again.
const ACQUIRE = `
local s = redis.call('HMGET', KEYS[1], 'limit', 'remaining', 'reset', 'inflight', 'unpaced')
local limit, remaining = tonumber(s[1]), tonumber(s[2])
local reset, inflight = tonumber(s[3]) or 0, tonumber(s[4]) or 0
local now, margin = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('PEXPIRE', KEYS[1], 60000)
if s[5] == '1' then
  redis.call('HINCRBY', KEYS[1], 'inflight', 1)
  return 0
end
if not limit then
  if inflight == 0 then redis.call('HINCRBY', KEYS[1], 'inflight', 1) return 0 end
  return 20
end
if now >= reset + margin then
  remaining = limit
  redis.call('HSET', KEYS[1], 'remaining', limit)
end
if remaining - inflight > 0 then
  redis.call('HINCRBY', KEYS[1], 'inflight', 1)
  return 0
end
if now >= reset + margin then return 20 end
return reset + margin - now
`;

// KEYS[1] state hash; ARGV limit, remaining, reset (ms); '' when the call had no answer, and
// 'none' when the answer had no rate-limit headers (nothing to pace by).
const RELEASE = `
local inflight = tonumber(redis.call('HGET', KEYS[1], 'inflight')) or 0
if inflight > 0 then redis.call('HINCRBY', KEYS[1], 'inflight', -1) end
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
  quotaAcquire(key: string, now: number, margin: number): Promise<number>;
  quotaRelease(key: string, limit: string, remaining: string, reset: string): Promise<number>;
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text !== undefined && /^\d+$/.test(text) ? text : undefined;
};

export class RedisQuotaPacer implements QuotaPacer {
  private readonly redis: PacerRedis;
  private readonly key: string;
  private waiting = 0;
  /** Slots taken from the local fallback while Redis was unreachable, to give back to it. */
  private fallbackSlots = 0;

  constructor(
    redis: Redis,
    namespace: string,
    private readonly options: PacerOptions,
    /** Used while Redis cannot be reached. */
    private readonly fallback: QuotaPacer,
  ) {
    redis.defineCommand('quotaAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    redis.defineCommand('quotaRelease', { numberOfKeys: 1, lua: RELEASE });
    this.redis = redis as PacerRedis;
    this.key = `${namespace}quota`;
  }

  async acquire(): Promise<void> {
    const deadline = Date.now() + this.options.maxWaitMs;
    if (this.waiting >= this.options.maxQueue) throw this.exhausted(0);
    this.waiting += 1;
    try {
      for (;;) {
        let waitMs: number;
        try {
          waitMs = await this.redis.quotaAcquire(this.key, Date.now(), RESET_MARGIN_MS);
        } catch {
          return await this.useFallback();
        }
        if (waitMs === 0) return;
        if (Date.now() + waitMs > deadline) throw this.exhausted(waitMs);
        await new Promise((wake) => setTimeout(wake, Math.min(waitMs, MAX_POLL_MS)));
      }
    } finally {
      this.waiting -= 1;
    }
  }

  private async useFallback(): Promise<void> {
    await this.fallback.acquire();
    this.fallbackSlots += 1;
  }

  release(headers: IncomingHttpHeaders | undefined): void {
    if (this.fallbackSlots > 0) {
      this.fallbackSlots -= 1;
      this.fallback.release(headers);
      return;
    }
    const limit = headers && header(headers, 'x-ratelimit-limit');
    const remaining = headers && header(headers, 'x-ratelimit-remaining');
    const reset = headers && header(headers, 'x-ratelimit-reset');
    const known = limit !== undefined && remaining !== undefined && reset !== undefined;
    const unlimited = headers !== undefined && !known;
    this.redis
      .quotaRelease(
        this.key,
        known ? limit : unlimited ? 'none' : '',
        known ? remaining : '',
        known ? String(Number(reset) * 1000) : '',
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
