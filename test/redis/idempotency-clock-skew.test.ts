import { IdempotencyInProgressError } from '../../src/domain-errors';
import { IdempotentSends } from '../../src/messages/idempotency';
import { RedisGate } from '../../src/store/redis';
import { RedisIdempotencyStore } from '../../src/store/redis-idempotency-store';
import { redisForSuite } from './replicas';

const { redis, prefix } = redisForSuite();

const codec = { encode: (value: string) => value, decode: (value: unknown) => value as string };

it("waits its turn for a key another send holds when this replica's clock is ahead of Redis's", async () => {
  const store = new RedisIdempotencyStore(redis, prefix, new RedisGate(1000));
  const sends = new IdempotentSends(store, { ttlMs: 60_000, waitMs: 1000, leaseMs: 6000 });
  // The first send holds the key (its lease renewed, by Redis's clock) until it is let finish.
  let finish!: (value: string) => void;
  const first = sends.run(
    'key',
    'same',
    codec,
    () => new Promise<string>((done) => (finish = done)),
  );
  const lookups = jest.spyOn(redis, 'get');
  // This replica's clock runs 10 s ahead of Redis's: the lease looks over here, held there.
  const ahead = Date.now.bind(Date);
  const clock = jest.spyOn(Date, 'now').mockImplementation(() => ahead() + 10_000);
  try {
    await expect(sends.run('key', 'same', codec, async () => 'second')).rejects.toBeInstanceOf(
      IdempotencyInProgressError,
    );
  } finally {
    clock.mockRestore();
  }
  // One look every 20 ms or so over the second's wait, not one per round trip.
  expect(lookups.mock.calls.length).toBeLessThanOrEqual(1000 / 20 + 10);
  lookups.mockRestore();
  finish('first');
  await expect(first).resolves.toBe('first');
});
