import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry } from '../config';

export const hashApiKey = (key: string): Buffer =>
  createHash('sha256').update(key, 'utf8').digest();

/**
 * Finds the configured entry whose hash matches the key. Every entry is compared, in constant
 * time, so the answer's timing says nothing about which hashes exist.
 */
export function matchApiKey(key: string, entries: readonly ApiKeyEntry[]): ApiKeyEntry | undefined {
  const offered = hashApiKey(key);
  let found: ApiKeyEntry | undefined;
  for (const entry of entries) {
    if (timingSafeEqual(offered, Buffer.from(entry.sha256, 'hex')) && !found) found = entry;
  }
  return found;
}
