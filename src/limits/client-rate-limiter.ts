import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface RateLimitDecision {
  readonly allowed: boolean;
  readonly retryAfterSeconds: number;
}

/** Per-client request budget: `points` per window, keyed by the caller's principal id. */
export class ClientRateLimiter {
  private readonly limiter: RateLimiterAbstract | undefined;

  constructor(points: number, windowSeconds: number, limiter?: RateLimiterAbstract) {
    this.limiter =
      points === 0
        ? undefined
        : (limiter ?? new RateLimiterMemory({ points, duration: windowSeconds }));
  }

  async take(clientId: string): Promise<RateLimitDecision> {
    if (!this.limiter) return { allowed: true, retryAfterSeconds: 0 };
    try {
      await this.limiter.consume(clientId);
      return { allowed: true, retryAfterSeconds: 0 };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return {
          allowed: false,
          retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
        };
      }
      throw rejection;
    }
  }
}
