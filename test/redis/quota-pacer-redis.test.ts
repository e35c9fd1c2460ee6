import { LocalQuotaPacer } from '../../src/intercom/quota-pacer';
import { RedisQuotaPacer } from '../../src/intercom/redis-quota-pacer';
import { RedisGate } from '../../src/store/redis';
import { eventually } from '../helpers/until';
import { redisForSuite } from './replicas';

/** The shared quota pacer's own bookkeeping in Redis, seen from outside. */
const { redis, prefix } = redisForSuite();

const pacerOn = (namespace: string, maxQueue: number, gate = new RedisGate(1000)) => {
  const options = { maxWaitMs: 3_000, maxQueue, pollShare: 0.5 };
  return new RedisQuotaPacer(
    redis,
    namespace,
    { ...options, slotLeaseMs: 60_000 },
    new LocalQuotaPacer(options),
    gate,
  );
};

it('with INTERCOM_QUOTA_MAX_QUEUE=0 lets calls go while there is room, and refuses only waiting', async () => {
  const pacer = pacerOn(`${prefix}no-queue:`, 0);
  const resetAt = Math.floor(Date.now() / 1000) + 3;
  const answer = (remaining: number) => ({
    'x-ratelimit-limit': '10',
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(resetAt),
  });
  // Room in the window: each call goes at once.
  pacer.release(answer(9), await pacer.acquire());
  pacer.release(answer(8), await pacer.acquire());
  // The window spent: the next call would wait, and none may.
  const slot = await pacer.acquire();
  pacer.release(answer(0), slot);
  await eventually(
    () =>
      pacer.acquire().then(
        (taken) => {
          pacer.release(undefined, taken);
          return 'went';
        },
        (error: Error) => error.name,
      ),
    (outcome) => outcome === 'IntercomRateLimitedError',
  );
});

it('gives a slot back even while the gate skips Redis after a slow step', async () => {
  const gate = new RedisGate(60_000);
  const namespace = `${prefix}cool-down:`;
  const pacer = pacerOn(namespace, 100, gate);
  const slot = await pacer.acquire();
  expect(await redis.zcard(`${namespace}quota:leases`)).toBe(1);
  // A step that failed: the gate skips Redis for its cool-down (a minute here).
  await gate.run(() => Promise.reject(new Error('a slow step'))).catch(() => undefined);
  pacer.release(undefined, slot);
  await eventually(
    () => redis.zcard(`${namespace}quota:leases`),
    (leases) => leases === 0,
  );
});
