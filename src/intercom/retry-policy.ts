/**
 * When to try an Intercom call again, and how long to wait first. Pure functions, so the maths is
 * testable without a server.
 */

/** Milliseconds to wait after a 429: `Retry-After` (seconds), else until `X-RateLimit-Reset`. */
export function rateLimitWaitMs(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  now = Date.now(),
): number {
  const first = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const retryAfter = first('retry-after');
  if (retryAfter !== undefined && /^\d+(\.\d+)?$/.test(retryAfter)) {
    return Math.ceil(Number(retryAfter) * 1000);
  }
  const reset = first('x-ratelimit-reset');
  if (reset !== undefined && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) * 1000 - now);
  }
  return 1000;
}

/** Exponential backoff: `base`, 2x`base`, 4x`base`, ... for attempt 1, 2, 3, ... */
export function backoffMs(attempt: number, baseMs: number): number {
  return baseMs * 2 ** Math.max(0, attempt - 1);
}
