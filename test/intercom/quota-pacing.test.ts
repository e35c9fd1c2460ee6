import { request } from 'undici';
import { SEED } from '../../src/emulator';
import { SendUserMessageDocument } from '../../generated/graphql/graphql';
import { LocalQuotaPacer } from '../../src/intercom/quota-pacer';
import { startStack, type Stack } from '../helpers/stack';
import { until } from '../helpers/until';
import { BULK_SHARE, stragglerScenario, type ScenarioClock } from '../helpers/window-edge';

const hey = { from: { type: 'USER' as const, id: SEED.users.ponies.id }, body: 'Hey' };

async function metric(stack: Stack, line: string): Promise<number> {
  const text = await (await request(`${stack.gateway.url}/metrics`)).body.text();
  const found = text.split('\n').find((candidate) => candidate.startsWith(line));
  return found ? Number(found.slice(line.length).trim()) : 0;
}

describe("pacing to Intercom's rate limit", () => {
  it('spreads a burst over the windows without a single 429', async () => {
    // 5 calls per 1-second window (Intercom's is 10 s; shortened so the test is quick).
    const stack = await startStack({
      emulator: { rateLimit: 5, rateLimitWindowMs: 1000 },
      env: { INTERCOM_QUOTA_MAX_WAIT_MS: '10000', INTERCOM_TIMEOUT_MS: '10000' },
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: 14 }, () => stack.execute(SendUserMessageDocument, { input: hey })),
      );
      expect(answers.filter((answer) => answer.body.errors !== undefined)).toEqual([]);
      expect(stack.emulator.control.counts().messages).toBe(14);
      expect(
        await metric(stack, 'gateway_intercom_calls_total{route="POST /messages",status="429"}'),
      ).toBe(0);
      expect(
        await metric(stack, 'gateway_intercom_calls_total{route="POST /messages",status="200"}'),
      ).toBe(14);
    } finally {
      await stack.close();
    }
  });

  it('answers RATE_LIMITED at once, without calling, when the wait would be too long', async () => {
    const stack = await startStack({
      emulator: { rateLimit: 1, rateLimitWindowMs: 10_000 },
      env: { INTERCOM_QUOTA_MAX_WAIT_MS: '100' },
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: 3 }, () => stack.execute(SendUserMessageDocument, { input: hey })),
      );
      const codes = answers
        .map((answer) => answer.body.errors?.[0]?.extensions?.code ?? 'ok')
        .sort();
      expect(codes).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'ok']);
      const limited = answers.find((answer) => answer.body.errors)?.body.errors?.[0]?.extensions;
      expect(limited).toMatchObject({
        mayHaveBeenSent: false,
        retryAfterSeconds: expect.any(Number),
      });
      expect(stack.upstream('POST /messages')).toHaveLength(1);
    } finally {
      await stack.close();
    }
  });

  it('does not send a call whose wait for the quota used up its time: RATE_LIMITED, nothing sent', async () => {
    // One call per 8-second window, and calls may wait for the next window (up to 10 s), but
    // each has only 1 s in all (INTERCOM_TIMEOUT_MS).
    const stack = await startStack({
      emulator: { rateLimit: 1, rateLimitWindowMs: 8000 },
      env: { INTERCOM_QUOTA_MAX_WAIT_MS: '10000', INTERCOM_TIMEOUT_MS: '1000' },
    });
    try {
      const first = await stack.execute(SendUserMessageDocument, { input: hey });
      expect(first.body.errors).toBeUndefined();
      // The next window opens after the call's second is over: it is refused, not sent late,
      // and within its second (not after a wait for the window that is no use to it).
      const startedAt = Date.now();
      const late = await stack.execute(SendUserMessageDocument, { input: hey });
      expect(Date.now() - startedAt).toBeLessThan(1000);
      expect(late.body.errors?.[0]?.extensions).toMatchObject({
        code: 'RATE_LIMITED',
        mayHaveBeenSent: false,
      });
      expect(stack.upstream('POST /messages')).toHaveLength(1);
    } finally {
      await stack.close();
    }
  });

  it('does not hold calls back when answers carry no rate-limit headers', async () => {
    const stack = await startStack({
      emulator: { rateLimit: 0 },
      env: { INTERCOM_TIMEOUT_MS: '2000' },
    });
    try {
      // One answer without headers teaches the pacer there is no limit to keep to.
      await stack.execute(SendUserMessageDocument, { input: hey });
      stack.emulator.control.addFault({ route: 'POST /messages', action: 'hang', times: 0 });
      let answered = false;
      const sends = Array.from({ length: 3 }, () =>
        stack.execute(SendUserMessageDocument, { input: hey }).finally(() => (answered = true)),
      );
      // All three reach Intercom while the first still hangs: none waits for another.
      await until(() => {
        expect(answered).toBe(false);
        return stack.upstream('POST /messages').length >= 4;
      });
      stack.emulator.control.clearFaults();
      await Promise.all(sends);
    } finally {
      await stack.close();
    }
  });

  it("counts a bulk send let through at a window's end in the window Intercom counted it in", async () => {
    // The pacer's windows are the wall clock's: a fake clock makes the window's edge exact,
    // whatever else the machine is doing (the Redis suite runs the same scenario on the real one).
    jest.useFakeTimers({ now: Date.UTC(2026, 0, 1, 12, 0, 0, 400) });
    const fakeClock: ScenarioClock = {
      passes: async (at) => {
        await jest.advanceTimersByTimeAsync(Math.max(0, at - Date.now()));
      },
      settles: async (pending) => {
        let settled = false;
        void pending.finally(() => (settled = true)).catch(() => undefined);
        // Ten seconds of the fake clock at most: the scenario's windows are a second long.
        for (let step = 0; step < 1000 && !settled; step += 1) {
          await jest.advanceTimersByTimeAsync(10);
        }
        // Said at once, not left to the test's timeout: the fake clock would never move again.
        if (!settled) throw new Error('The pacer never let the send through in 10 s of windows.');
        return pending;
      },
    };
    try {
      const pacer = new LocalQuotaPacer({
        maxWaitMs: 10_000,
        maxQueue: 100,
        pollShare: 0.5,
        bulkShare: BULK_SHARE,
      });
      const { eighthAt, next } = await stragglerScenario(pacer, fakeClock);
      expect(eighthAt).toBeGreaterThanOrEqual(next);
    } finally {
      jest.useRealTimers();
    }
  });

  it('still lets one call through a window when Intercom announces a limit of 0', async () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 0, 1, 12, 0, 0, 0) });
    try {
      const pacer = new LocalQuotaPacer({ maxWaitMs: 2_000, maxQueue: 100, pollShare: 0.5 });
      const slot = await pacer.acquire();
      const reset = Math.floor(Date.now() / 1000) + 1;
      pacer.release(
        { 'x-ratelimit-limit': '0', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': `${reset}` },
        slot,
      );
      // Held to the next window, not for ever: only a call that goes can learn of a new limit.
      let letThrough = false;
      const next = pacer.acquire().then(() => (letThrough = true));
      await jest.advanceTimersByTimeAsync(500);
      expect(letThrough).toBe(false);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(letThrough).toBe(true);
      await next;
    } finally {
      jest.useRealTimers();
    }
  });

  it('goes on letting polls through, window after window, when timers run a little ahead of the clock', async () => {
    // Timers run on the monotonic clock and `Date.now()` on the wall clock: a timer set for a
    // window's reset can fire while the wall clock still reads a millisecond before it, and the
    // next reading can already be past it. Here every reading is 0 or 1 ms behind, at random
    // (a fixed seed), while the fake timers fire exactly on time.
    const start = Date.UTC(2026, 0, 1, 12, 0, 0, 0);
    jest.useFakeTimers({ now: start });
    const exact = Date.now.bind(Date);
    let seed = 7;
    const behindMs = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed >> 16) & 1;
    };
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => exact() - behindMs());
    try {
      const pacer = new LocalQuotaPacer({ maxWaitMs: 10_000, maxQueue: 100, pollShare: 1 });
      // Intercom's side: two calls in each one-second window, announced as it counts them.
      const limit = 2;
      const letThrough = new Map<number, number>();
      const answer = () => {
        const window = Math.floor(exact() / 1000);
        const used = (letThrough.get(window) ?? 0) + 1;
        letThrough.set(window, used);
        return {
          'x-ratelimit-limit': String(limit),
          'x-ratelimit-remaining': String(Math.max(0, limit - used)),
          'x-ratelimit-reset': String(window + 1),
        };
      };
      // Eight subscriptions' polls, each asking again as soon as it is answered, or 100 ms after
      // being turned away.
      let polling = true;
      const poller = async () => {
        while (polling) {
          try {
            const slot = await pacer.acquire('poll');
            pacer.release(answer(), slot);
          } catch {
            await new Promise((wake) => setTimeout(wake, 100));
          }
        }
      };
      const pollers = Array.from({ length: 8 }, poller);
      await jest.advanceTimersByTimeAsync(30_000);
      polling = false;
      // Every one of the thirty windows was used to the full, the last ones too.
      expect(letThrough.size).toBe(30);
      expect([...letThrough.values()].every((used) => used === limit)).toBe(true);
      await jest.advanceTimersByTimeAsync(10_000);
      await Promise.all(pollers);
    } finally {
      clock.mockRestore();
      jest.useRealTimers();
    }
  });
});
