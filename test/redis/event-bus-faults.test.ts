import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import type Redis from 'ioredis';
import { createLogger } from '../../src/logger';
import { createConversationEventBus } from '../../src/realtime/conversation-events';
import { connectRedis } from '../../src/store/redis';
import { eventSubscriber, redisEventTarget } from '../../src/store/redis-event-target';
import { eventually, until } from '../helpers/until';
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
  subscriber = eventSubscriber(publisher);
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

/**
 * A TCP proxy in front of the test's Redis that can cut every connection through it, refuse new
 * ones, and hold back what a client sends once it holds SUBSCRIBE (a server that stalls).
 */
async function redisProxy(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const state = { refuse: false, holdSubscribes: false, held: 0 };
  const server = createServer((client) => {
    if (state.refuse) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(port), hostname);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', close);
      socket.on('error', close);
    }
    client.on('data', (data: Buffer) => {
      if (state.holdSubscribes && data.toString('latin1').toUpperCase().includes('SUBSCRIBE')) {
        state.held += 1;
        return;
      }
      upstream.write(data);
    });
    upstream.pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port: own } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${own}`,
    state,
    cut: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((closed) => server.close(closed));
    },
  };
}

it('survives a reconnect whose SUBSCRIBE goes unanswered, and subscribes only the channels still listened to', async () => {
  const proxy = await redisProxy(server.url);
  const main = connectRedis(
    { url: proxy.url, keyPrefix: '', timeoutMs: 500 },
    createLogger('silent', { write: () => undefined }),
  );
  main.on('error', () => undefined);
  const proxied = eventSubscriber(main);
  const failed: unknown[] = [];
  const proxiedBus = createConversationEventBus(
    'bus:',
    redisEventTarget(publisher, proxied, (error) => failed.push(error)),
  );
  const subscribers = (channel: string) =>
    publisher.pubsub('NUMSUB', `bus:conversation:${channel}`).then(
      (answer) => (answer as [string, number])[1],
      () => -1,
    );
  try {
    await eventually(
      async () => proxied.status,
      (status) => status === 'ready',
    );
    const kept = proxiedBus.byConversation('c4')[Symbol.asyncIterator]();
    const next = kept.next();
    const left = proxiedBus.byConversation('c5')[Symbol.asyncIterator]();
    void left.next();
    await eventually(
      async () => [await subscribers('c4'), await subscribers('c5')],
      (counts) => counts.every((count) => count === 1),
    );

    // The connection drops; c5 is left while it is down (its UNSUBSCRIBE fails).
    proxy.state.refuse = true;
    proxy.cut();
    await eventually(
      async () => proxied.status,
      (status) => status !== 'ready',
    );
    await left.return?.();
    // Back, but the server does not answer a SUBSCRIBE: each one sent fails after its 500 ms.
    proxy.state.holdSubscribes = true;
    proxy.state.refuse = false;
    await until(() => proxy.state.held > 0);
    await until(() => failed.length >= 2);
    expect(escaped).toEqual([]);

    // The next reconnect subscribes what is listened to (c4), and nothing else (not c5).
    proxy.state.holdSubscribes = false;
    proxy.cut();
    await eventually(
      () => subscribers('c4'),
      (count) => count === 1,
    );
    expect(await subscribers('c5')).toBe(0);
    bus().publish(conversation('c4', 1));
    expect((await next).value).toMatchObject({ id: 'c4', updated_at: 1_700_000_001 });
    await kept.return?.();
    expect(escaped).toEqual([]);
  } finally {
    proxied.disconnect();
    main.disconnect();
    await proxy.close();
  }
});
