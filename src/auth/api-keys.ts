import { hash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry } from '../config';

/** On every request: the one-shot `hash` spares building a Hash object each time. */
export const hashApiKey = (key: string): Buffer => hash('sha256', key, 'buffer');

/** A configured key's hash, decoded once, beside what a match answers. */
export interface KnownKey<T> {
  readonly sha256: Buffer;
  readonly value: T;
}

export const knownKeys = <T>(
  entries: readonly ApiKeyEntry[],
  valueOf: (entry: ApiKeyEntry) => T,
): ReadonlyArray<KnownKey<T>> =>
  entries.map((entry) => ({ sha256: Buffer.from(entry.sha256, 'hex'), value: valueOf(entry) }));

/**
 * Finds the known key whose hash matches the key offered. Every one is compared, in constant
 * time, so the answer's timing says nothing about which hashes exist.
 */
export function matchApiKey<T>(key: string, known: ReadonlyArray<KnownKey<T>>): T | undefined {
  const offered = hashApiKey(key);
  let found: T | undefined;
  for (const each of known) {
    if (timingSafeEqual(offered, each.sha256) && found === undefined) found = each.value;
  }
  return found;
}
