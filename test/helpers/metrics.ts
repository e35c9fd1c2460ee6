import { request } from 'undici';
import type { Stack } from './stack';

/** The value of one exposition line of the gateway's /metrics (0 when absent). */
export async function metricValue(stack: Stack, metric: string): Promise<number> {
  const text = await (await request(`${stack.gateway.url}/metrics`)).body.text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${metric} `));
  return line ? Number(line.slice(metric.length).trim()) : 0;
}
