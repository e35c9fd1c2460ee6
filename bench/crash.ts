/**
 * Scenario 6: sending capacity in the minute after a replica crash. Two gateway replicas share
 * one Redis; one dies (SIGKILL) with calls to Intercom under way, holding quota slots. The other
 * is driven as hard as the quota allows; the scenario reports its sends per second after the
 * crash and how long it took to be back at the full quota (target: within one request timeout).
 */
import Redis from 'ioredis';
import { request } from 'undici';
import { SEED } from '../src/emulator/seed';
import { BENCH_KEY, startEmulatorProcess, startGatewayProcess, type Service } from './processes';

const SEND = JSON.stringify({
  query: 'mutation Send($input: SendUserMessageInput!) { sendUserMessage(input: $input) { id } }',
  variables: { input: { from: { type: 'USER', id: SEED.users.ponies.id }, body: 'Crash bench' } },
});
const headers = { 'content-type': 'application/json', authorization: `Bearer ${BENCH_KEY}` };

async function send(gateway: Service): Promise<boolean> {
  try {
    const response = await request(`${gateway.url}/graphql`, {
      method: 'POST',
      headers,
      body: SEND,
    });
    const body = (await response.body.json()) as { errors?: unknown };
    return response.statusCode === 200 && body.errors === undefined;
  } catch {
    return false;
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await probe.connect();
    await probe.quit();
    return true;
  } catch {
    probe.disconnect();
    return false;
  }
}

export async function scenarioCrash(quick: boolean) {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!(await redisAnswers(redisUrl))) return { skipped: `no Redis answers at ${redisUrl}` };
  const perWindow = 20;
  const windowMs = 1000;
  const timeoutMs = 2000;
  const seconds = quick ? 5 : 60;
  const emulator = await startEmulatorProcess({
    EMULATOR_RATE_LIMIT: String(perWindow),
    EMULATOR_RATE_LIMIT_WINDOW_MS: String(windowMs),
  });
  const shared = {
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: `imgw-bench-${process.pid}-${Date.now()}:`,
    INTERCOM_TIMEOUT_MS: String(timeoutMs),
    INTERCOM_QUOTA_MAX_WAIT_MS: '1000',
    LOG_LEVEL: 'warn',
  };
  const doomed = await startGatewayProcess(emulator.url, shared);
  const survivor = await startGatewayProcess(emulator.url, shared);
  try {
    // The survivor learns the quota; the doomed replica takes a window's slots and dies with them.
    await send(survivor);
    await request(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'POST /messages', latencyMs: 600_000, times: 0 }),
    });
    const held = Array.from({ length: perWindow }, () => send(doomed));
    for (;;) {
      const log = await request(`${emulator.url}/_emulator/requests?route=POST%20/messages`);
      const { requests } = (await log.body.json()) as { requests: unknown[] };
      if (requests.length >= perWindow) break;
      await new Promise((wake) => setTimeout(wake, 20));
    }
    process.kill(doomed.pid, 'SIGKILL');
    await Promise.all(held);
    await request(`${emulator.url}/_emulator/faults`, { method: 'DELETE' }).then((r) =>
      r.body.dump(),
    );

    const crashedAt = Date.now();
    const okAt: number[] = [];
    const until = crashedAt + seconds * 1000;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (Date.now() < until) {
          if (await send(survivor)) okAt.push(Date.now());
        }
      }),
    );
    const perSecond = Array.from(
      { length: seconds },
      (_, second) =>
        okAt.filter((at) => at >= crashedAt + second * 1000 && at < crashedAt + (second + 1) * 1000)
          .length,
    );
    const quotaPerSecond = (perWindow * 1000) / windowMs;
    const firstFull = perSecond.findIndex((count) => count >= 0.9 * quotaPerSecond);
    return {
      perWindow,
      windowSeconds: windowMs / 1000,
      requestTimeoutSeconds: timeoutMs / 1000,
      sendsPerSecond: perSecond,
      secondsToFullQuota: firstFull === -1 ? null : firstFull,
      quotaUsedAfterRecovery:
        firstFull === -1
          ? 0
          : Math.round(
              (perSecond.slice(firstFull).reduce((a, b) => a + b, 0) /
                (quotaPerSecond * (seconds - firstFull))) *
                100,
            ) / 100,
    };
  } finally {
    await survivor.stop();
    await emulator.stop();
  }
}
