import { randomBytes } from 'node:crypto';
import PgBoss from 'pg-boss';
import { BatchEngine, BULK_QUEUE } from '../../src/bulk/batch-engine';
import { databaseUrl, sql } from '../helpers/postgres';

/**
 * A slice that must wait (a recipient's claim busy on another replica, a store down) is tried
 * again every 10 s, never hours later: pg-boss's backoff would double the wait on every try.
 */
const schema = `bulk_retries_${randomBytes(4).toString('hex')}`;

afterAll(async () => {
  await sql(`drop schema if exists ${schema} cascade`);
});

async function queueAsStored(): Promise<PgBoss.Queue | null> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema, supervise: false });
  await boss.start();
  try {
    return await boss.getQueue(BULK_QUEUE);
  } finally {
    await boss.stop({ graceful: false });
  }
}

it("gives a queue made with pg-boss's backoff (an earlier version's) a retry every 10 s", async () => {
  // The queue as an earlier version made it: 50 tries, the delay doubling from 2 s.
  const earlier = new PgBoss({ connectionString: databaseUrl, schema, supervise: false });
  await earlier.start();
  await earlier.createQueue(BULK_QUEUE, {
    name: BULK_QUEUE,
    retryLimit: 50,
    retryDelay: 2,
    retryBackoff: true,
  });
  await earlier.stop({ graceful: false });

  const engine = await BatchEngine.start({
    database: { connectionString: databaseUrl, maxConnections: 2, timeoutMs: 5000 },
    schema,
    leaseSeconds: 30,
    onError: () => undefined,
    onOutcomeNotRecorded: () => undefined,
  });
  try {
    expect(await queueAsStored()).toMatchObject({
      retryBackoff: false,
      retryDelay: 10,
      // A day of tries.
      retryLimit: 8640,
      expireInSeconds: 30,
    });
  } finally {
    await engine.close(1000);
  }
});
