import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';

/** Load generators: autocannon at saturation, and an open-loop fixed-rate loader with µs latencies. */

export interface Saturation {
  readonly requestsPerSecond: number;
  /** Requests answered in all. */
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
}

export async function saturate(options: {
  url: string;
  body: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
}): Promise<Saturation> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
    connections: options.connections,
    duration: options.seconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * POSTs `body` to `url` exactly `amount` times, 16 at a time, with the bench's API key (scenario 8
 * and bench/compare.ts measure CPU per request over such a fixed count); returns the failures.
 */
export async function sendAmount(
  url: string,
  body: string,
  amount: number,
  headers: Record<string, string>,
): Promise<number> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    amount,
    connections: 16,
  });
  return result.non2xx + result.errors;
}

export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly count: number;
  readonly failures: number;
}

/**
 * Sends `rate` requests a second for `seconds`, each on schedule whether or not earlier ones
 * finished (open loop), and records each latency in microseconds.
 */
export async function fixedRate(options: {
  origin: string;
  path: string;
  body: string;
  headers: Record<string, string>;
  rate: number;
  seconds: number;
}): Promise<Latency> {
  const pool = new Pool(options.origin, { connections: 64 });
  const histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
  const total = options.rate * options.seconds;
  const intervalNs = 1e9 / options.rate;
  const start = process.hrtime.bigint();
  let failures = 0;
  const pending: Array<Promise<void>> = [];
  for (let index = 0; index < total; index += 1) {
    const due = start + BigInt(Math.round(index * intervalNs));
    const ahead = Number(due - process.hrtime.bigint()) / 1e6;
    if (ahead > 1) await new Promise((wake) => setTimeout(wake, ahead));
    const sent = process.hrtime.bigint();
    pending.push(
      pool
        .request({
          method: 'POST',
          path: options.path,
          headers: options.headers,
          body: options.body,
        })
        .then(async (response) => {
          await response.body.dump();
          if (response.statusCode !== 200) failures += 1;
          histogram.recordValue(Number(process.hrtime.bigint() - sent) / 1000);
        })
        .catch(() => {
          failures += 1;
        }),
    );
  }
  await Promise.all(pending);
  await pool.close();
  const micros = (percentile: number) => histogram.getValueAtPercentile(percentile) / 1000;
  return { p50: micros(50), p99: micros(99), count: histogram.totalCount, failures };
}

/** Sends `total` requests through `connections` parallel connections; resolves when all answered. */
export async function burst(options: {
  url: string;
  body: string;
  headers?: Record<string, string>;
  total: number;
  connections: number;
  timeoutSeconds: number;
}): Promise<{ seconds: number; non2xx: number; errors: number }> {
  const started = performance.now();
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
    amount: options.total,
    connections: options.connections,
    timeout: options.timeoutSeconds,
  });
  return {
    seconds: (performance.now() - started) / 1000,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/**
 * `items` in the order of round `round`: turned by one each round, so that in interleaved rounds
 * no item always follows another.
 */
export const turned = <T>(items: readonly T[], round: number): T[] =>
  items.map((_, at) => items[(at + round) % items.length] as T);

/** A ratio taken within each round, summed up as its median and its range over the rounds. */
export interface RoundRatio {
  readonly median: number;
  readonly range: readonly [number, number];
}

const hundredths = (value: number) => Math.round(value * 100) / 100;

/**
 * `over` / `under`, round by round (each pair measured seconds apart), as the median of those
 * ratios and their range: the machine's drift from one minute to the next moves both members of
 * a pair alike, where it would move a ratio of two medians taken over the whole run.
 */
export function perRoundRatio(over: readonly number[], under: readonly number[]): RoundRatio {
  const ratios = over.map((value, round) => value / (under[round] as number));
  return {
    median: hundredths(median(ratios)),
    range: [hundredths(Math.min(...ratios)), hundredths(Math.max(...ratios))],
  };
}
