import type { IncomingHttpHeaders } from 'node:http';
import { IntercomRateLimitedError } from './errors';

/**
 * Keeps calls within Intercom's rate limit instead of running into 429s: it reads
 * `X-RateLimit-Limit/Remaining/Reset` from every answer, lets through only what the current
 * window has left, and queues the rest (bounded in length and in wait) until the window resets.
 * Three lanes: `request` (sends, replies, queries: someone is waiting for the answer) always goes
 * first; `poll` (what subscriptions ask while they wait) only when no request waits, and within
 * its share of each window, so polls can neither delay a send nor use up the quota; `bulk` (the
 * sends of a message batch) last, within its own share, and it waits as long as it takes (a
 * batch has no caller waiting, and its engine bounds how many of its sends wait).
 */
export interface QuotaPacer {
  /**
   * Waits for room in the window; throws IntercomRateLimitedError rather than wait too long:
   * INTERCOM_QUOTA_MAX_WAIT_MS, or `waitAtMostMs` when the call has less time left (a bulk
   * send: as long as it takes).
   */
  acquire(lane?: QuotaLane, waitAtMostMs?: number): Promise<QuotaSlot>;
  /** Gives the slot back, with the answer's headers when there was an answer. */
  release(headers: IncomingHttpHeaders | undefined, slot: QuotaSlot): void;
}

/** Which queue a call waits in: `request` always goes before `poll`, `poll` before `bulk`. */
export type QuotaLane = 'request' | 'poll' | 'bulk';

/** The lanes that may use only a share of each window. */
type SharedLane = Exclude<QuotaLane, 'request'>;

/** What `acquire` handed out, to give back: a lease id in shared state, or the lane's name. */
export type QuotaSlot = string | undefined;

const SHARED_LANES: ReadonlySet<string> = new Set<SharedLane>(['poll', 'bulk']);

/** The shared lane a slot was taken in, when this process's pacer handed it out. */
const sharedLaneOf = (slot: QuotaSlot): SharedLane | undefined =>
  slot !== undefined && SHARED_LANES.has(slot) ? (slot as SharedLane) : undefined;

export interface PacerOptions {
  /** The longest a call may wait for room. */
  readonly maxWaitMs: number;
  /** The most calls that may wait at once, in each lane. */
  readonly maxQueue: number;
  /** The fraction (0-1] of each window's limit that `poll` calls may use. */
  readonly pollShare: number;
  /** The fraction (0-1] of each window's limit that `bulk` calls may use; default 0.8. */
  readonly bulkShare?: number;
}

/** BULK_QUOTA_SHARE's default: a batch leaves a fifth of every window to live traffic. */
export const DEFAULT_BULK_SHARE = 0.8;

/** A lane's share of each window, as the options give it. */
export const shareOf = (options: PacerOptions, lane: SharedLane): number =>
  lane === 'poll' ? options.pollShare : (options.bulkShare ?? DEFAULT_BULK_SHARE);

/** Polls one window allows: at least one, so that a small quota still lets subscriptions wait. */
export const pollAllowance = (limit: number, share: number): number =>
  Math.max(1, Math.floor(limit * share));

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  /** The wait's deadline; none for a bulk send. */
  readonly timer: NodeJS.Timeout | undefined;
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
  private readonly queues: Record<QuotaLane, Waiter[]> = { request: [], poll: [], bulk: [] };
  /**
   * Each shared lane's calls: those on their way, and those Intercom answered as counted in the
   * window ending at `window` (its X-RateLimit-Reset, in ms). A call is counted where it landed,
   * not where it was let through: one let through at a window's very end can reach Intercom in
   * the next window, and until its answer says which, it counts against whichever is current.
   */
  private readonly shared: Record<
    SharedLane,
    { onTheirWay: number; window: number; landed: number }
  > = {
    poll: { onTheirWay: 0, window: 0, landed: 0 },
    bulk: { onTheirWay: 0, window: 0, landed: 0 },
  };
  private wakeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PacerOptions) {}

  acquire(lane: QuotaLane = 'request', waitAtMostMs?: number): Promise<QuotaSlot> {
    // One reading of the clock for the whole decision (see `drain`).
    const now = Date.now();
    const maxWaitMs = Math.min(this.options.maxWaitMs, waitAtMostMs ?? Number.POSITIVE_INFINITY);
    if (this.mayGo(lane, now)) {
      this.admit(lane);
      return Promise.resolve(lane);
    }
    const queue = this.queues[lane];
    const waitMs = Math.max(0, this.resetAt + RESET_MARGIN_MS - now);
    // A bulk send has no caller waiting: it waits for its turn however long that is.
    const bounded = lane !== 'bulk';
    if (queue.length >= this.options.maxQueue || (bounded && waitMs > maxWaitMs)) {
      return Promise.reject(this.exhausted(waitMs));
    }
    return new Promise<QuotaSlot>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: () => resolve(lane),
        reject,
        timer: bounded
          ? setTimeout(
              () => {
                const index = queue.indexOf(waiter);
                if (index >= 0) queue.splice(index, 1);
                reject(this.exhausted(Math.max(0, this.resetAt - Date.now())));
                // The lanes behind this one may have waited only for it.
                this.drain();
              },
              Math.max(0, maxWaitMs),
            )
          : undefined,
      };
      waiter.timer?.unref();
      queue.push(waiter);
      this.scheduleWake(now);
    });
  }

  release(headers: IncomingHttpHeaders | undefined, slot: QuotaSlot): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    const lane = sharedLaneOf(slot);
    if (lane) this.shared[lane].onTheirWay = Math.max(0, this.shared[lane].onTheirWay - 1);
    if (headers) {
      this.observe(headers);
      if (lane) this.countLanded(lane, headers);
    }
    this.drain();
  }

  /** Counts a shared lane's answered call in the window Intercom says it counted in. */
  private countLanded(lane: SharedLane, headers: IncomingHttpHeaders): void {
    const reset = header(headers, 'x-ratelimit-reset');
    if (reset === undefined) return;
    const use = this.shared[lane];
    const window = reset * 1000;
    if (window === use.window) use.landed += 1;
    else if (window > use.window) Object.assign(use, { window, landed: 1 });
    // An answer from a window already over changes nothing that is still to come.
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
    // A window always lets one call through: with none, no answer could ever announce a change.
    this.limit = Math.max(1, limit);
    const resetAt = reset * 1000;
    if (resetAt > this.resetAt || this.remaining === undefined) {
      this.resetAt = resetAt;
      this.remaining = remaining;
    } else if (resetAt === this.resetAt) {
      // Answers arrive out of order: the lowest count for this window is the truest.
      this.remaining = Math.min(this.remaining, remaining);
    }
  }

  /** Room for one more call at `now`, counting calls already on their way. */
  private hasRoom(now: number): boolean {
    if (this.unpaced) return true;
    if (this.limit === undefined) return this.inFlight === 0; // learn the limit from one call first
    if (now >= this.resetAt + RESET_MARGIN_MS && this.remaining !== undefined) {
      // A new window: assume it is full until an answer says otherwise.
      this.remaining = this.limit;
    }
    return (this.remaining ?? 0) - this.inFlight > 0;
  }

  /**
   * Whether a shared lane has used its share of the current window: the calls answered as counted
   * in it (none yet once its reset has passed and no answer has told the next one), and every call
   * still on its way, wherever it lands.
   */
  private shareUsed(lane: SharedLane, now: number): boolean {
    if (this.unpaced || this.limit === undefined) return false;
    const use = this.shared[lane];
    const current = use.window === this.resetAt && now < this.resetAt + RESET_MARGIN_MS;
    const used = (current ? use.landed : 0) + use.onTheirWay;
    return used >= pollAllowance(this.limit, shareOf(this.options, lane));
  }

  /** Whether a call in `lane` may go now: nothing ahead of it waits, and there is room. */
  private mayGo(lane: QuotaLane, now: number): boolean {
    if (this.queues[lane].length > 0) return false;
    return this.mayGoFromQueue(lane, now);
  }

  private admit(lane: QuotaLane): void {
    this.inFlight += 1;
    if (lane !== 'request') this.shared[lane].onTheirWay += 1;
  }

  /**
   * Lets through what may go, and when something still waits, makes sure something will wake it:
   * a call on its way (its release drains) or the timer for the window's reset. Every check and
   * the timer read the clock once, at `now`. With a reading each, a timer firing just before the
   * reset (timers run on another clock than `Date.now()`) could find the window still closed,
   * then the reset already past when setting the next timer, and set none: the waiting calls,
   * and every later one queued behind them, would wait for ever.
   */
  private drain(): void {
    const now = Date.now();
    for (const lane of ['request', 'poll', 'bulk'] as const) {
      const queue = this.queues[lane];
      // Requests first; a poll only once no request is left waiting; a bulk send last.
      while (queue.length > 0 && this.mayGoFromQueue(lane, now)) {
        const waiter = queue.shift() as Waiter;
        clearTimeout(waiter.timer);
        this.admit(lane);
        waiter.resolve();
      }
    }
    if (Object.values(this.queues).some((queue) => queue.length > 0)) this.scheduleWake(now);
  }

  /** Whether the head of `lane`'s queue may go: no lane before it waits, and there is room. */
  private mayGoFromQueue(lane: QuotaLane, now: number): boolean {
    if (!this.hasRoom(now)) return false;
    if (lane === 'request') return true;
    if (this.queues.request.length > 0) return false;
    if (lane === 'bulk' && this.queues.poll.length > 0) return false;
    return !this.shareUsed(lane, now);
  }

  private scheduleWake(now: number): void {
    const delay = this.resetAt + RESET_MARGIN_MS - now;
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
