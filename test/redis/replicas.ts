import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import Redis from 'ioredis';
import { request } from 'undici';
import { SEED } from '../../src/emulator';

/** Gateway replicas as real processes sharing one Redis, for the scale-out suite. */
const root = resolve(__dirname, '..', '..');

export function redisUrlFromEnv(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL must point at a Redis server for npm run test:redis');
  return url;
}

/** A key prefix of this run's own, and a way to delete every key under it. */
export function isolatedPrefix(): { prefix: string; cleanUp(url: string): Promise<void> } {
  const prefix = `imgw-test-${randomUUID()}:`;
  return {
    prefix,
    async cleanUp(url: string) {
      const redis = new Redis(url);
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}

/**
 * A suite's own Redis client and key prefix, on REDIS_URL: the client quits and every key under
 * the prefix is deleted after the suite.
 */
export function redisForSuite(): { redis: Redis; prefix: string } {
  const url = redisUrlFromEnv();
  const { prefix, cleanUp } = isolatedPrefix();
  const redis = new Redis(url);
  afterAll(async () => {
    await redis.quit();
    await cleanUp(url);
  });
  return { redis, prefix };
}

/** Every string value stored under `prefix` (the records the replicas keep in Redis). */
export async function valuesUnder(url: string, prefix: string): Promise<string[]> {
  const redis = new Redis(url);
  const values: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    for (const key of keys) {
      if ((await redis.type(key)) === 'string') values.push((await redis.get(key)) ?? '');
    }
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
  return values;
}

/** A user message, keyed or not, as the replica suites send it. */
export const SEND = `mutation($input: SendUserMessageInput!) { sendUserMessage(input: $input) { id } }`;
export const hey = (idempotencyKey?: string) => ({
  input: { from: { type: 'USER', id: SEED.users.ponies.id }, body: 'Hey', idempotencyKey },
});

export interface Replica {
  readonly graphqlUrl: string;
  readonly url: string;
  readonly process: ChildProcessWithoutNullStreams;
  stop(): Promise<void>;
}

/** Starts `node dist/main.js` against an emulator URL; resolves once it prints its URL. */
export function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, [resolve(root, 'dist', 'main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      LOG_LEVEL: 'warn',
      INTERCOM_ACCESS_TOKEN: 'emulator-token',
      GATEWAY_AUTH: 'none',
      // Replicas share a ledger only through PostgreSQL: the Redis suite runs without one.
      LEDGER: 'off',
      ...env,
    },
  });
  return new Promise((resolveReplica, reject) => {
    let seen = '';
    child.stderr.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /GraphQL gateway ready: (\S+)/.exec(seen);
      if (match) {
        const graphqlUrl = match[1] as string;
        resolveReplica({
          graphqlUrl,
          url: graphqlUrl.replace(/\/graphql$/, ''),
          process: child,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`replica exited (${code}): ${seen}`)));
  });
}

export async function graphql(replica: Replica, query: string, variables?: unknown): Promise<any> {
  const response = await request(replica.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.body.json();
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** A redis-server of the test's own, on a free port, to stop or pause without touching others. */
export async function startPrivateRedis(): Promise<{ process: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (;;) {
    // Poll until the new server accepts connections.
    const probe = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await probe.connect();
      await probe.quit();
      return { process: child, url };
    } catch {
      probe.disconnect();
      if (child.exitCode !== null) throw new Error('redis-server did not start');
      await new Promise((wake) => setTimeout(wake, 20));
    }
  }
}
