import { LocalQuotaPacer } from '../../src/intercom/quota-pacer';
import { RedisQuotaPacer } from '../../src/intercom/redis-quota-pacer';
import { RedisGate } from '../../src/store/redis';
import { BULK_SHARE, stragglerScenario } from '../helpers/window-edge';
import { redisForSuite } from './replicas';

const { redis, prefix } = redisForSuite();

it("counts a bulk send let through at a window's end in the window Intercom counted it in, across replicas", async () => {
  const options = { maxWaitMs: 10_000, maxQueue: 100, pollShare: 0.5, bulkShare: BULK_SHARE };
  const pacer = new RedisQuotaPacer(
    redis,
    prefix,
    { ...options, slotLeaseMs: 10_000 },
    new LocalQuotaPacer(options),
    new RedisGate(1000),
  );
  const { eighthAt, next } = await stragglerScenario(pacer);
  expect(eighthAt).toBeGreaterThanOrEqual(next);
});

it('still lets one call through a window when Intercom announces a limit of 0, across replicas', async () => {
  const options = { maxWaitMs: 3_000, maxQueue: 100, pollShare: 0.5 };
  const pacer = new RedisQuotaPacer(
    redis,
    `${prefix}zero:`,
    { ...options, slotLeaseMs: 10_000 },
    new LocalQuotaPacer(options),
    new RedisGate(1000),
  );
  const slot = await pacer.acquire();
  const resetAt = (Math.floor(Date.now() / 1000) + 1) * 1000;
  pacer.release(
    {
      'x-ratelimit-limit': '0',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(resetAt / 1000),
    },
    slot,
  );
  // Held to the next window, not for ever: only a call that goes can learn of a new limit.
  await pacer.acquire();
  expect(Date.now()).toBeGreaterThanOrEqual(resetAt);
});
