import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type Redis from 'ioredis';
import { createLogger } from '../../src/logger';
import { createConversationEventBus } from '../../src/realtime/conversation-events';
import { connectRedis } from '../../src/store/redis';
import { redisEventTarget } from '../../src/store/redis-event-target';
import { eventually } from '../helpers/until';
import { startPrivateRedis } from './replicas';

/**
 * The event bus over a Redis of the test's own, which it stops and starts again: neither a
 * Redis failure nor a hostile message on a channel may escape as an uncaught exception or an
 * unhandled rejection (either stops the gateway), and events flow again once Redis is back.
 */
const conversation = (id: string, version: number) => ({
  type: 'conversation',
  id,
  updated_at: 1_700_000_000 + version,
  source: { id: `message-of-${id}` },
});

let server: { process: ChildProcess; url: string };
let publisher: Redis;
let subscriber: Redis;
const failures: unknown[] = [];
const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);

beforeAll(async () => {
  server = await startPrivateRedis();
  publisher = connectRedis(
    { url: server.url, keyPrefix: '', timeoutMs: 500 },
    // No destination of its own: a silent logger needs no buffer to flush.
    createLogger('silent', { write: () => undefined }),
  );
  subscriber = publisher.duplicate();
  subscriber.on('error', () => undefined);
  await Promise.all([once(publisher, 'ready'), once(subscriber, 'ready')]);
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
});
afterAll(async () => {
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
  publisher.disconnect();
  subscriber.disconnect();
  const exited = once(server.process, 'exit');
  server.process.kill('SIGKILL');
  await exited;
});

const bus = () =>
  createConversationEventBus(
    'bus:',
    redisEventTarget(publisher, subscriber, (error) => failures.push(error)),
  );

it('drops a message on its channel that is not JSON, and delivers the next', async () => {
  const events = bus().byConversation('c1')[Symbol.asyncIterator]();
  const next = events.next();
  // SUBSCRIBE reaches Redis before the messages below (one connection, in order).
  await eventually(
    () => publisher.pubsub('NUMSUB', 'bus:conversation:c1') as Promise<[string, number]>,
    ([, subscribers]) => subscribers === 1,
  );
  await publisher.publish('bus:conversation:c1', '{not json');
  bus().publish(conversation('c1', 1));
  expect((await next).value).toMatchObject({ id: 'c1', updated_at: 1_700_000_001 });
  expect(escaped).toEqual([]);
  await events.return?.();
});

it('fails quietly while Redis is down, and delivers again once it is back', async () => {
  const { port } = new URL(server.url);
  server.process.kill('SIGKILL');
  await once(server.process, 'exit');
  await eventually(
    async () => subscriber.status,
    (status) => status !== 'ready',
  );
  // Subscribing, publishing and leaving while Redis is away: each fails alone.
  const events = bus().byConversation('c2')[Symbol.asyncIterator]();
  const next = events.next();
  bus().publish(conversation('c2', 1));
  const leaving = bus().byConversation('c3')[Symbol.asyncIterator]();
  void leaving.next();
  await leaving.return?.();
  await eventually(
    async () => failures.length,
    (count) => count >= 3,
  );
  expect(escaped).toEqual([]);

  // Redis is back on the same port: the channel whose SUBSCRIBE failed is subscribed again.
  server = {
    process: spawn(
      'redis-server',
      ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    ),
    url: server.url,
  };
  // Asked until the restarted server answers (a reconnecting client refuses commands meanwhile).
  await eventually(
    () =>
      publisher.pubsub('NUMSUB', 'bus:conversation:c2').then(
        (answer) => answer as [string, number],
        () => ['', 0] as [string, number],
      ),
    ([, subscribers]) => subscribers === 1,
  );
  bus().publish(conversation('c2', 2));
  expect((await next).value).toMatchObject({ id: 'c2', updated_at: 1_700_000_002 });
  expect(escaped).toEqual([]);
  await events.return?.();
});
