import Redis from 'ioredis';
import { LocalQuotaPacer } from '../../src/intercom/quota-pacer';
import { RedisQuotaPacer } from '../../src/intercom/redis-quota-pacer';
import { RedisGate } from '../../src/store/redis';
import { BULK_SHARE, stragglerScenario } from '../helpers/window-edge';
import { isolatedPrefix, redisUrlFromEnv } from './replicas';

const redisUrl = redisUrlFromEnv();
const { prefix, cleanUp } = isolatedPrefix();
const redis = new Redis(redisUrl);

afterAll(async () => {
  await redis.quit();
  await cleanUp(redisUrl);
});

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
