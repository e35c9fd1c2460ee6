import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import type { RedisConfig } from '../config';
import type { Logger } from '../logger';

/** The Redis connection every shared store uses; it fails fast rather than queue while down. */
export function connectRedis(config: RedisConfig & { url: string }, logger: Logger): Redis {
  const redis = new Redis(config.url, {
    // Commands fail at once while disconnected instead of piling up: callers degrade.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: Math.max(config.timeoutMs, 1000),
    commandTimeout: config.timeoutMs,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let healthy = false;
  redis.on('ready', () => {
    if (!healthy) logger.info('connected to Redis');
    healthy = true;
  });
  redis.on('error', (error: Error) => {
    if (healthy)
      logger.warn(
        { err: { message: error.message } },
        'Redis is unavailable: shared stores degrade',
      );
    healthy = false;
  });
  return redis;
}

export const redisIsReady = (redis: Redis): boolean => redis.status === 'ready';

/**
 * A namespace per Intercom workspace and credential, so gateways for different workspaces can
 * share one Redis. Derived from a hash: the token never appears in a key.
 */
export function workspaceNamespace(
  prefix: string,
  intercomBaseUrl: string,
  accessToken: string,
): string {
  const workspace = createHash('sha256')
    .update(`${intercomBaseUrl}\n${accessToken}`)
    .digest('hex')
    .slice(0, 16);
  return `${prefix}${workspace}:`;
}
