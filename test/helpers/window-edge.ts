import type { IncomingHttpHeaders } from 'node:http';
import type { QuotaPacer, QuotaSlot } from '../../src/intercom/quota-pacer';

/** The quota the scenario's answers announce: 10 calls a window, 8 of them for bulk sends. */
const LIMIT = 10;
export const BULK_SHARE = 0.8;
const BULK_PER_WINDOW = Math.floor(LIMIT * BULK_SHARE);

/** Intercom's rate-limit headers for a window ending at `resetMs` (a whole second). */
const answeredIn = (resetMs: number, remaining: number): IncomingHttpHeaders => ({
  'x-ratelimit-limit': String(LIMIT),
  'x-ratelimit-remaining': String(remaining),
  'x-ratelimit-reset': String(resetMs / 1000),
});

/** How the scenario lets time pass: the windows under test are the clock's own. */
export interface ScenarioClock {
  /** Resolves once the clock has passed `at`. */
  passes(at: number): Promise<void>;
  /** Resolves with what `pending` settles with, letting time pass until it does. */
  settles<T>(pending: Promise<T>): Promise<T>;
}

/** The real clock: time passes by itself. */
export const realClock: ScenarioClock = {
  async passes(at) {
    while (Date.now() < at) {
      await new Promise((wake) => setTimeout(wake, at - Date.now() + 1));
    }
  },
  settles: (pending) => pending,
};

/**
 * A bulk send let through at the end of one window whose request reaches Intercom in the next
 * one: it counts against the next window's share, so the next window lets only seven more bulk
 * sends through, not eight. Resolves with when the eighth one of that window was let through,
 * and the next window's reset.
 */
export async function stragglerScenario(pacer: QuotaPacer, clock: ScenarioClock = realClock) {
  // A window ending on a whole second at least a second away, learnt from one answer.
  const first = Math.floor(Date.now() / 1000) * 1000 + 2000;
  const next = first + 1000;
  pacer.release(answeredIn(first, LIMIT - 1), await pacer.acquire('request'));
  for (let sent = 1; sent < BULK_PER_WINDOW; sent += 1) {
    pacer.release(answeredIn(first, LIMIT - 1 - sent), await pacer.acquire('bulk'));
  }
  // The window's eighth bulk send: let through before its reset, answered only after it.
  const straggler = await pacer.acquire('bulk');
  // The first window is over (past the pacer's margin); the straggler is still on its way.
  await clock.passes(first + 100);
  const slots: QuotaSlot[] = [];
  for (let sent = 0; sent < BULK_PER_WINDOW - 1; sent += 1) slots.push(await pacer.acquire('bulk'));
  let eighthAt: number | undefined;
  const eighth = pacer.acquire('bulk').then((slot) => {
    eighthAt = Date.now();
    return slot;
  });
  // Intercom counted the straggler in the next window, and the seven others there too.
  pacer.release(answeredIn(next, LIMIT - 1), straggler);
  slots.forEach((slot, index) => pacer.release(answeredIn(next, LIMIT - 2 - index), slot));
  pacer.release(answeredIn(next + 1000, LIMIT - 1), await clock.settles(eighth));
  return { eighthAt: eighthAt as number, next };
}
