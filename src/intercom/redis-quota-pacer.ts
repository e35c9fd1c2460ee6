import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type Redis from 'ioredis';
import { IntercomRateLimitedError } from './errors';
import {
  shareOf,
  type LocalQuotaPacer,
  type PacerOptions,
  type QuotaLane,
  type QuotaPacer,
  type QuotaSlot,
} from './quota-pacer';

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

// KEYS[1] state hash, KEYS[2] leases, KEYS[3] requests waiting (a sorted set: lease id -> when
// its mark ends), KEYS[4] the lane's own leases (poll and bulk only); ARGV now, margin, lease id,
// lease ms, lane, the lane's share, mark ms. Returns 0 (go, the lease is taken) or how many ms to
// wait before asking again. A request that must wait marks itself waiting: no poll or bulk send
// goes while any request on any replica waits. A poll or bulk send counts against its lane's share
// of the current window while it is on its way, wherever it lands, and then in the window its
// answer says it counted in ('polls' in 'pollsWindow', 'bulks' in 'bulksWindow': that window's
// reset): one let through at a window's very end can reach Intercom in the next window.
const ACQUIRE = `${LEASES}
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', clock)
local inflight = redis.call('ZCARD', KEYS[2])
local shared = ARGV[5] ~= 'request'
local s = redis.call('HMGET', KEYS[1], 'limit', 'remaining', 'reset', 'unpaced', ARGV[5] .. 's', ARGV[5] .. 'sWindow')
local limit, remaining = tonumber(s[1]), tonumber(s[2])
local reset = tonumber(s[3]) or 0
local now, margin = tonumber(ARGV[1]), tonumber(ARGV[2])
local laneUsed = 0
if shared then
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', clock)
  laneUsed = redis.call('ZCARD', KEYS[4])
end
local landed = 0
if tonumber(s[6]) == reset and now < reset + margin then landed = tonumber(s[5]) or 0 end
local function take()
  local ends = clock + tonumber(ARGV[4])
  redis.call('ZADD', KEYS[2], ends, ARGV[3])
  redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]) + 1000)
  if shared then
    redis.call('ZADD', KEYS[4], ends, ARGV[3])
    redis.call('PEXPIRE', KEYS[4], tonumber(ARGV[4]) + 1000)
  else
    redis.call('ZREM', KEYS[3], ARGV[3])
  end
  return 0
end
local function wait(ms)
  if not shared then
    redis.call('ZADD', KEYS[3], clock + tonumber(ARGV[7]), ARGV[3])
    redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[7]) + 1000)
  end
  return ms
end
redis.call('PEXPIRE', KEYS[1], 60000)
if shared and redis.call('ZCARD', KEYS[3]) > 0 then return 20 end
if s[4] == '1' then return take() end
if not limit then
  if inflight == 0 then return take() end
  return wait(20)
end
if now >= reset + margin then
  remaining = limit
  redis.call('HSET', KEYS[1], 'remaining', limit)
end
if shared and landed + laneUsed >= math.max(1, math.floor(limit * tonumber(ARGV[6]))) then
  -- Counted in this window: wait for the next. Held by calls on their way: one may land in the next.
  if laneUsed == 0 and now < reset + margin then return reset + margin - now end
  return 20
end
if remaining - inflight > 0 then return take() end
-- The window has quota, held by calls under way: one frees it when it ends or its lease does.
if remaining > 0 or now >= reset + margin then return wait(20) end
return wait(reset + margin - now)
`;

// KEYS[1] state hash, KEYS[2] leases, KEYS[3] poll leases, KEYS[4] bulk leases; ARGV limit,
// remaining, reset (ms), lease id; limit is '' when the call had no answer, and 'none' when the
// answer had no rate-limit headers.
const RELEASE = `
redis.call('ZREM', KEYS[2], ARGV[4])
local lane
if redis.call('ZREM', KEYS[3], ARGV[4]) == 1 then lane = 'poll'
elseif redis.call('ZREM', KEYS[4], ARGV[4]) == 1 then lane = 'bulk' end
if ARGV[1] == 'none' then
  redis.call('HSET', KEYS[1], 'unpaced', '1')
elseif ARGV[1] ~= '' then
  redis.call('HDEL', KEYS[1], 'unpaced')
  local reset = tonumber(redis.call('HGET', KEYS[1], 'reset')) or 0
  local remaining = tonumber(redis.call('HGET', KEYS[1], 'remaining'))
  local newReset, newRemaining = tonumber(ARGV[3]), tonumber(ARGV[2])
  -- A window always lets one call through: with none, no answer could ever announce a change.
  redis.call('HSET', KEYS[1], 'limit', math.max(1, tonumber(ARGV[1])))
  if newReset > reset or not remaining then
    redis.call('HSET', KEYS[1], 'reset', newReset, 'remaining', newRemaining)
  elseif newReset == reset and newRemaining < remaining then
    redis.call('HSET', KEYS[1], 'remaining', newRemaining)
  end
  if lane then
    -- Counted in the window the answer says it landed in; one already over changes nothing.
    local counted = tonumber(redis.call('HGET', KEYS[1], lane .. 'sWindow'))
    if counted == newReset then
      redis.call('HINCRBY', KEYS[1], lane .. 's', 1)
    elseif not counted or newReset > counted then
      redis.call('HSET', KEYS[1], lane .. 's', 1, lane .. 'sWindow', newReset)
    end
  end
end
redis.call('PEXPIRE', KEYS[1], 60000)
return 0
`;

const RESET_MARGIN_MS = 25;
/** Between two looks at a full window, never longer than this. */
const MAX_POLL_MS = 100;
/** How long a waiting request's mark holds polls back without being renewed. */
const WAITING_MARK_MS = 2.5 * MAX_POLL_MS;

interface PacerRedis extends Redis {
  quotaAcquire(
    state: string,
    leases: string,
    waiting: string,
    laneLeases: string,
    now: number,
    margin: number,
    lease: string,
    leaseMs: number,
    lane: QuotaLane,
    share: number,
    markMs: number,
  ): Promise<number>;
  quotaRelease(
    state: string,
    leases: string,
    pollLeases: string,
    bulkLeases: string,
    limit: string,
    remaining: string,
    reset: string,
    lease: string,
  ): Promise<number>;
}

/** Marks the slot of a call paced by this replica's own pacer, while Redis could not be reached. */
const LOCAL_SLOT = 'local:';

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text !== undefined && /^\d+$/.test(text) ? text : undefined;
};

export class RedisQuotaPacer implements QuotaPacer {
  private readonly redis: PacerRedis;
  private readonly key: string;
  private readonly leasesKey: string;
  private readonly waitingKey: string;
  /** Calls waiting here, per lane: each lane's queue is bounded on its own. */
  private readonly waiting: Record<QuotaLane, number> = { request: 0, poll: 0, bulk: 0 };

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
    redis.defineCommand('quotaAcquire', { numberOfKeys: 4, lua: ACQUIRE });
    redis.defineCommand('quotaRelease', { numberOfKeys: 4, lua: RELEASE });
    this.redis = redis as PacerRedis;
    this.key = `${namespace}quota`;
    this.leasesKey = `${namespace}quota:leases`;
    this.waitingKey = `${namespace}quota:waiting`;
  }

  async acquire(lane: QuotaLane = 'request', waitAtMostMs?: number): Promise<QuotaSlot> {
    const deadline =
      Date.now() + Math.min(this.options.maxWaitMs, waitAtMostMs ?? Number.POSITIVE_INFINITY);
    // Counted among the waiting only once told to wait: a call the quota lets go at once is no
    // one's queue (INTERCOM_QUOTA_MAX_QUEUE=0 refuses waiting, not calling).
    let queued = false;
    try {
      const lease = randomUUID();
      for (;;) {
        let waitMs: number;
        try {
          waitMs = await this.gate.run(() =>
            this.redis.quotaAcquire(
              this.key,
              this.leasesKey,
              this.waitingKey,
              this.laneLeasesKey(lane),
              Date.now(),
              RESET_MARGIN_MS,
              lease,
              this.options.slotLeaseMs,
              lane,
              lane === 'request' ? 1 : shareOf(this.options, lane),
              WAITING_MARK_MS,
            ),
          );
        } catch {
          // A timed-out script may still have taken the lease: it ends on its own.
          // The local pacer waits what is left of this call's wait, not a whole wait anew.
          const left = lane === 'bulk' ? undefined : Math.max(0, deadline - Date.now());
          return `${LOCAL_SLOT}${(await this.fallback.acquire(lane, left)) ?? ''}`;
        }
        if (waitMs === 0) return lease;
        // A bulk send has no caller waiting: it waits for its turn however long that is.
        if (lane !== 'bulk' && Date.now() + waitMs > deadline) throw this.exhausted(waitMs);
        if (!queued) {
          if (this.waiting[lane] >= this.options.maxQueue) throw this.exhausted(waitMs);
          queued = true;
          this.waiting[lane] += 1;
        }
        await new Promise((wake) => setTimeout(wake, Math.min(waitMs, MAX_POLL_MS)));
      }
    } finally {
      if (queued) this.waiting[lane] -= 1;
    }
  }

  release(headers: IncomingHttpHeaders | undefined, slot: QuotaSlot): void {
    if (slot?.startsWith(LOCAL_SLOT)) {
      this.fallback.release(headers, slot.slice(LOCAL_SLOT.length));
      return;
    }
    if (headers) this.fallback.observe(headers);
    const limit = headers && header(headers, 'x-ratelimit-limit');
    const remaining = headers && header(headers, 'x-ratelimit-remaining');
    const reset = headers && header(headers, 'x-ratelimit-reset');
    const known = limit !== undefined && remaining !== undefined && reset !== undefined;
    const unlimited = headers !== undefined && !known;
    // A release that does not arrive costs its slot until the lease ends. Not through the gate:
    // after one slow step it skips Redis for a while, and every release skipped then would hold
    // its slot for the whole lease on every replica. A release waits for nobody, and has its
    // own deadline (REDIS_TIMEOUT_MS).
    this.redis
      .quotaRelease(
        this.key,
        this.leasesKey,
        this.laneLeasesKey('poll'),
        this.laneLeasesKey('bulk'),
        known ? limit : unlimited ? 'none' : '',
        known ? remaining : '',
        known ? String(Number(reset) * 1000) : '',
        slot ?? '',
      )
      .catch(() => undefined);
  }

  /** The leases of one lane's calls on their way. */
  private laneLeasesKey(lane: QuotaLane): string {
    return `${this.leasesKey}:${lane}`;
  }

  private exhausted(waitMs: number): IntercomRateLimitedError {
    return new IntercomRateLimitedError(
      "Intercom's rate limit is exhausted for this window, and the wait for the next one is too long.",
      waitMs,
      { mayHaveBeenSent: false },
    );
  }
}
