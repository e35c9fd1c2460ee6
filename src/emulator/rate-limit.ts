/**
 * Intercom's rate limit: a budget of requests per 10-second window, announced on every
 * authenticated response in `X-RateLimit-Limit/Remaining/Reset` (Reset in UNIX seconds).
 */
export const RATE_LIMIT_WINDOW_MS = 10_000;

export interface RateLimitVerdict {
  readonly allowed: boolean;
  readonly headers: Readonly<Record<string, string>>;
}

export class WindowRateLimiter {
  /** A window opens with the first request after the previous one closed. */
  private windowStart = Number.NEGATIVE_INFINITY;
  private used = 0;
  private opened = 0;

  /** `limit` 0 turns limiting off (no headers either). */
  constructor(
    private limit: number,
    /** Intercom's is 10 s; tests and benchmarks may shorten it (whole seconds keep Reset exact). */
    private readonly windowMs = RATE_LIMIT_WINDOW_MS,
  ) {}

  setLimit(limit: number): void {
    this.limit = limit;
    this.used = 0;
    this.opened = 0;
    this.windowStart = Number.NEGATIVE_INFINITY;
  }

  /** Windows opened since the limit was set: how much quota there was to use. */
  get windowsOpened(): number {
    return this.opened;
  }

  get currentLimit(): number {
    return this.limit;
  }

  /**
   * The headers as they stand, without spending a request: for answers that are not counted
   * (a token Intercom does not know cannot be charged to an app), which still carry them.
   */
  peek(now = Date.now()): Readonly<Record<string, string>> {
    if (this.limit === 0) return {};
    const open = now < this.windowStart + this.windowMs;
    const windowStart = open ? this.windowStart : now - (now % 1000);
    const used = open ? this.used : 0;
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(Math.max(0, this.limit - used)),
      'x-ratelimit-reset': String(Math.ceil((windowStart + this.windowMs) / 1000)),
    };
  }

  take(now = Date.now()): RateLimitVerdict {
    if (this.limit === 0) return { allowed: true, headers: {} };
    if (now >= this.windowStart + this.windowMs) {
      // Windows start on a whole second, so X-RateLimit-Reset (whole seconds) is exact.
      this.windowStart = now - (now % 1000);
      this.used = 0;
      this.opened += 1;
    }
    const windowStart = this.windowStart;
    const allowed = this.used < this.limit;
    if (allowed) this.used += 1;
    return {
      allowed,
      headers: {
        'x-ratelimit-limit': String(this.limit),
        'x-ratelimit-remaining': String(Math.max(0, this.limit - this.used)),
        'x-ratelimit-reset': String(Math.ceil((windowStart + this.windowMs) / 1000)),
      },
    };
  }
}
