import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import Redis from 'ioredis';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { eventually, until } from '../helpers/until';
import {
  graphql,
  hey,
  SEND,
  isolatedPrefix,
  redisUrlFromEnv,
  startPrivateRedis,
  startReplica,
  type Replica,
} from './replicas';

/**
 * Replicas that die or stop mid-send, sharing one Redis: nothing they held (idempotency claims,
 * quota slots) outlives them by more than a lease, and nobody is sent a message twice.
 */

describe('a replica that goes away mid-send', () => {
  const redisUrl = redisUrlFromEnv();
  const { prefix, cleanUp } = isolatedPrefix();
  let emulator: RunningEmulator;
  let replicas: Replica[] = [];

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterEach(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    replicas = [];
    await emulator.close();
  });
  afterAll(() => cleanUp(redisUrl));

  const start = async (env: Record<string, string> = {}) => {
    const shared = {
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      INTERCOM_BASE_URL: emulator.url,
      ...env,
    };
    replicas = await Promise.all([startReplica(shared), startReplica(shared)]);
    return replicas as [Replica, Replica];
  };
  const killed = async (replica: Replica) => {
    const exited = once(replica.process, 'exit');
    replica.process.kill('SIGKILL');
    await exited;
  };
  const sendsSeen = () => emulator.control.requests('POST /messages').length;

  it('killed holding an idempotency key: a retry elsewhere learns at once that it may have been sent, and nothing is sent twice', async () => {
    const [a, b] = await start({ IDEMPOTENCY_LEASE_MS: '600' });
    emulator.control.addFault({ route: 'POST /messages', latencyMs: 600_000, times: 1 });
    const lost = graphql(a, SEND, hey('crash-key')).catch(() => undefined);
    await until(() => sendsSeen() === 1);
    await killed(a);
    await lost;
    const retry = await graphql(b, SEND, hey('crash-key'));
    expect(retry.errors[0].extensions).toMatchObject({
      code: 'IDEMPOTENCY_OUTCOME_UNKNOWN',
      mayHaveBeenSent: true,
    });
    expect(sendsSeen()).toBe(1);
  });

  it('killed holding quota slots: the others send again once the slots’ leases end', async () => {
    // A window far longer than the test: only the leases can give the slots back. No limit while
    // the replicas start: their GET /me would open a window that ends in the same second as the
    // one below, and the pacer keeps the lowest count a window's answers give.
    await emulator.close();
    emulator = await startEmulator({ port: 0, rateLimit: 0, rateLimitWindowMs: 3_600_000 });
    const [a, b] = await start({
      INTERCOM_TIMEOUT_MS: '1500',
      INTERCOM_QUOTA_MAX_WAIT_MS: '8000',
    });
    // A fresh window once both replicas have asked who their token is (GET /me at start-up).
    emulator.control.setRateLimit(5);
    // b learns the quota: 5 a window, 4 left.
    expect((await graphql(b, SEND, hey())).errors).toBeUndefined();
    emulator.control.addFault({ route: 'POST /messages', latencyMs: 600_000, times: 0 });
    const lost = Array.from({ length: 4 }, () => graphql(a, SEND, hey()).catch(() => undefined));
    await until(() => sendsSeen() === 5);
    await killed(a);
    await Promise.all(lost);
    // A fresh window at Intercom: what holds b back is only the dead replica's slots.
    emulator.control.clearFaults();
    emulator.control.setRateLimit(5);
    // A send that waits for them past its own time (1.5 s, the leases end after 2.5 s) is
    // refused unsent; once they end, b sends.
    const refusals: unknown[] = [];
    const after = await eventually(
      () => graphql(b, SEND, hey()),
      (answer) => {
        if (answer.errors) refusals.push(answer.errors[0].extensions);
        return answer.errors === undefined;
      },
    );
    expect(after.data.sendUserMessage.id).toEqual(expect.any(String));
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ code: 'RATE_LIMITED', mayHaveBeenSent: false });
    }
    // b's first, a's four, b's last: nothing refused went out.
    expect(sendsSeen()).toBe(6);
  });

  it('stopped (SIGTERM) past its grace with a send under way: the client is answered, and the key replays that answer', async () => {
    const [a, b] = await start({ GATEWAY_SHUTDOWN_GRACE_MS: '300' });
    emulator.control.addFault({ route: 'POST /messages', latencyMs: 600_000, times: 1 });
    const pending = graphql(a, SEND, hey('sigterm-key'));
    await until(() => sendsSeen() === 1);
    const exited = once(a.process, 'exit');
    a.process.kill('SIGTERM');
    const answer = await pending;
    expect(answer.errors[0].extensions).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      mayHaveBeenSent: true,
    });
    expect((await exited)[0]).toBe(0);
    const replay = await graphql(b, SEND, hey('sigterm-key'));
    expect(replay.errors[0].extensions).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      mayHaveBeenSent: true,
    });
    expect(sendsSeen()).toBe(1);
  });
});

describe('a Redis that stalls (CLIENT PAUSE)', () => {
  let redis: { process: ChildProcess; url: string };
  let emulator: RunningEmulator;
  let replica: Replica | undefined;
  beforeAll(async () => {
    redis = await startPrivateRedis();
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await replica?.stop();
    redis.process.kill('SIGKILL');
    await emulator.close();
  });

  it('paces on the last quota the replica saw: calls go out together, not one at a time', async () => {
    replica = await startReplica({
      REDIS_URL: redis.url,
      INTERCOM_BASE_URL: emulator.url,
      REDIS_TIMEOUT_MS: '200',
      GATEWAY_SHUTDOWN_GRACE_MS: '100',
    });
    // One answer teaches the replica the quota (1666 a window, plenty left).
    expect((await graphql(replica, SEND, hey())).errors).toBeUndefined();
    const admin = new Redis(redis.url);
    // Writes (and every script the gateway runs) stall; this connection can still unpause.
    await admin.call('CLIENT', 'PAUSE', '60000', 'WRITE');
    try {
      emulator.control.addFault({ route: 'POST /messages', latencyMs: 600_000, times: 0 });
      const held = Array.from({ length: 5 }, () =>
        graphql(replica as Replica, SEND, hey()).catch(() => undefined),
      );
      // Without the quota it had seen, the replica would let one call out and wait for its answer.
      // Looked at between turns of the event loop's timers: the replica's answers must get in.
      await until(() => emulator.control.requests('POST /messages').length === 6);
      void held;
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
      await admin.quit();
    }
  });
});
