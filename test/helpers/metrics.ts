import { request } from 'undici';
import type { Stack } from './stack';

/**
 * The value of one exposition line of a gateway's /metrics (0 when absent): a stack's, or any
 * gateway's by its URL (a process, a replica).
 */
export async function metricValue(
  gateway: Stack | { readonly url: string },
  metric: string,
): Promise<number> {
  const url = 'gateway' in gateway ? gateway.gateway.metricsUrl : `${gateway.url}/metrics`;
  if (url === undefined) throw new Error('This gateway serves no /metrics (GATEWAY_METRICS_PORT).');
  const text = await (await request(url)).body.text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${metric} `));
  return line ? Number(line.slice(metric.length).trim()) : 0;
}
