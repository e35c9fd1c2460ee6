import type { IncomingHttpHeaders } from 'node:http';
import { IntercomRateLimitedError } from './errors';

/**
 * Keeps calls within Intercom's rate limit instead of running into 429s: it reads
 * `X-RateLimit-Limit/Remaining/Reset` from every answer, lets through only what the current
 * window has left, and queues the rest (bounded in length and in wait) until the window resets.
 * Two lanes: `request` (sends, replies, queries: someone is waiting for the answer) always goes
 * first; `poll` (what subscriptions ask while they wait) only when no request waits, and within
 * its share of each window, so polls can neither delay a send nor use up the quota.
 */
export interface QuotaPacer {
  /** Waits for room in the window; throws IntercomRateLimitedError rather than wait too long. */
  acquire(lane?: QuotaLane): Promise<QuotaSlot>;
  /** Gives the slot back, with the answer's headers when there was an answer. */
  release(headers: IncomingHttpHeaders | undefined, slot: QuotaSlot): void;
}

/** Which queue a call waits in: `request` always goes before `poll`. */
export type QuotaLane = 'request' | 'poll';

/** What `acquire` handed out, to give back: a lease id in shared state, or nothing. */
export type QuotaSlot = string | undefined;

export interface PacerOptions {
  /** The longest a call may wait for room. */
  readonly maxWaitMs: number;
  /** The most calls that may wait at once, in each lane. */
  readonly maxQueue: number;
  /** The fraction (0-1] of each window's limit that `poll` calls may use. */
  readonly pollShare: number;
}

/** Polls one window allows: at least one, so that a small quota still lets subscriptions wait. */
export const pollAllowance = (limit: number, share: number): number =>
  Math.max(1, Math.floor(limit * share));

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

const header = (headers: IncomingHttpHeaders, name: string): number | undefined => {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
};

/** Wait this long past the announced reset: clocks and rounding differ a little. */
const RESET_MARGIN_MS = 25;

/** One process's view of the quota. */
export class LocalQuotaPacer implements QuotaPacer {
  private limit: number | undefined;
  /** Set when answers carry no rate-limit headers: there is nothing to pace by. */
  private unpaced = false;
  private remaining: number | undefined;
  private resetAt = 0;
  private inFlight = 0;
  private readonly queues: Record<QuotaLane, Waiter[]> = { request: [], poll: [] };
  /** Polls let through in the window `pollWindow` names (see `windowKey`). */
  private pollsInWindow = 0;
  private pollWindow = '';
  private wakeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PacerOptions) {}

  acquire(lane: QuotaLane = 'request'): Promise<QuotaSlot> {
    if (this.mayGo(lane)) {
      this.admit(lane);
      return Promise.resolve(undefined);
    }
    const queue = this.queues[lane];
    const waitMs = Math.max(0, this.resetAt + RESET_MARGIN_MS - Date.now());
    if (queue.length >= this.options.maxQueue || waitMs > this.options.maxWaitMs) {
      return Promise.reject(this.exhausted(waitMs));
    }
    return new Promise<QuotaSlot>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: () => resolve(undefined),
        reject,
        timer: setTimeout(() => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(this.exhausted(Math.max(0, this.resetAt - Date.now())));
        }, this.options.maxWaitMs),
      };
      waiter.timer.unref();
      queue.push(waiter);
      this.scheduleWake();
    });
  }

  release(headers: IncomingHttpHeaders | undefined, _slot?: QuotaSlot): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (headers) this.observe(headers);
    this.drain();
  }

  /** Learns the quota from an answer (also one paced elsewhere, to be ready to take over). */
  observe(headers: IncomingHttpHeaders): void {
    const limit = header(headers, 'x-ratelimit-limit');
    const remaining = header(headers, 'x-ratelimit-remaining');
    const reset = header(headers, 'x-ratelimit-reset');
    if (limit === undefined || remaining === undefined || reset === undefined) {
      this.unpaced = true;
      return;
    }
    this.unpaced = false;
    this.limit = limit;
    const resetAt = reset * 1000;
    if (resetAt > this.resetAt || this.remaining === undefined) {
      // Polls let through after the old reset belong to this new window.
      if (this.pollWindow === `after:${this.resetAt}`) this.pollWindow = String(resetAt);
      this.resetAt = resetAt;
      this.remaining = remaining;
    } else if (resetAt === this.resetAt) {
      // Answers arrive out of order: the lowest count for this window is the truest.
      this.remaining = Math.min(this.remaining, remaining);
    }
  }

  /** Room for one more call now, counting calls already on their way. */
  private hasRoom(): boolean {
    if (this.unpaced) return true;
    if (this.limit === undefined) return this.inFlight === 0; // learn the limit from one call first
    if (Date.now() >= this.resetAt + RESET_MARGIN_MS && this.remaining !== undefined) {
      // A new window: assume it is full until an answer says otherwise.
      this.remaining = this.limit;
    }
    return (this.remaining ?? 0) - this.inFlight > 0;
  }

  /**
   * The window a poll let through now counts against: the one ending at `resetAt`, or, once that
   * reset has passed and no answer has told the next one yet, the one after it.
   */
  private windowKey(): string {
    return Date.now() < this.resetAt + RESET_MARGIN_MS
      ? String(this.resetAt)
      : `after:${this.resetAt}`;
  }

  /** Whether the poll lane has used its share of the current window. */
  private pollShareUsed(): boolean {
    if (this.unpaced || this.limit === undefined) return false;
    const used = this.pollWindow === this.windowKey() ? this.pollsInWindow : 0;
    return used >= pollAllowance(this.limit, this.options.pollShare);
  }

  /** Whether a call in `lane` may go now: nothing ahead of it waits, and there is room. */
  private mayGo(lane: QuotaLane): boolean {
    if (this.queues.request.length > 0 || !this.hasRoom()) return false;
    return lane === 'request' || (this.queues.poll.length === 0 && !this.pollShareUsed());
  }

  private admit(lane: QuotaLane): void {
    this.inFlight += 1;
    if (lane !== 'poll') return;
    const window = this.windowKey();
    if (window !== this.pollWindow) {
      this.pollWindow = window;
      this.pollsInWindow = 0;
    }
    this.pollsInWindow += 1;
  }

  private drain(): void {
    for (const lane of ['request', 'poll'] as const) {
      const queue = this.queues[lane];
      // Requests first; a poll only once no request is left waiting.
      while (queue.length > 0 && this.mayGoFromQueue(lane)) {
        const waiter = queue.shift() as Waiter;
        clearTimeout(waiter.timer);
        this.admit(lane);
        waiter.resolve();
      }
    }
    if (this.queues.request.length > 0 || this.queues.poll.length > 0) this.scheduleWake();
  }

  private mayGoFromQueue(lane: QuotaLane): boolean {
    if (!this.hasRoom()) return false;
    return lane === 'request' || (this.queues.request.length === 0 && !this.pollShareUsed());
  }

  private scheduleWake(): void {
    const delay = this.resetAt + RESET_MARGIN_MS - Date.now();
    // Without a reset ahead, the next answer (release) is what makes room.
    if (this.wakeTimer || delay <= 0) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.drain();
    }, delay);
    this.wakeTimer.unref();
  }

  private exhausted(waitMs: number): IntercomRateLimitedError {
    return new IntercomRateLimitedError(
      "Intercom's rate limit is exhausted for this window, and the wait for the next one is too long.",
      waitMs,
      { mayHaveBeenSent: false },
    );
  }
}
