/** The caller's own request budget (GATEWAY_RATE_LIMIT) is spent for now. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests from this client. Try again in ${retryAfterSeconds} seconds.`);
    this.name = 'RateLimitedError';
  }
}
