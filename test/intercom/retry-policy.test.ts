import { backoffMs, rateLimitWaitMs } from '../../src/intercom/retry-policy';

describe('retry maths', () => {
  const now = 1_700_000_000_000;

  it('prefers Retry-After seconds', () => {
    expect(rateLimitWaitMs({ 'retry-after': '2', 'x-ratelimit-reset': '1700000009' }, now)).toBe(
      2000,
    );
    expect(rateLimitWaitMs({ 'retry-after': '0.25' }, now)).toBe(250);
  });

  it('else waits until X-RateLimit-Reset, never a negative time', () => {
    expect(rateLimitWaitMs({ 'x-ratelimit-reset': '1700000003' }, now)).toBe(3000);
    expect(rateLimitWaitMs({ 'x-ratelimit-reset': '1699999990' }, now)).toBe(0);
  });

  it('else one second', () => {
    expect(rateLimitWaitMs({}, now)).toBe(1000);
    expect(rateLimitWaitMs({ 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }, now)).toBe(1000);
  });

  it('backs off exponentially', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, 500))).toEqual([500, 1000, 2000, 4000]);
  });
});
