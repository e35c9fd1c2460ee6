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
    // A command that times out leaves its connection as it was: a frozen server (SIGSTOP, a
    // network that drops packets) would keep it "ready" for good. A connection that answers
    // nothing this long after a command is closed, and reconnects once the server answers.
    socketTimeout: Math.max(2 * config.timeoutMs, 1000),
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

/**
 * Every Redis step on a request's path goes through one gate: after a step fails (a timeout, a
 * lost connection), the others skip Redis for a short cool-down and use their fallbacks at once,
 * so one request pays for at most one REDIS_TIMEOUT_MS however many steps it has, and a stalled
 * Redis is not asked again by every request until it answers.
 */
export class RedisGate {
  private closedUntil = 0;

  constructor(private readonly coolDownMs: number) {}

  async run<T>(step: () => Promise<T>): Promise<T> {
    if (Date.now() < this.closedUntil) throw new Error('Redis is skipped after a recent failure.');
    try {
      return await step();
    } catch (error) {
      this.closedUntil = Date.now() + this.coolDownMs;
      throw error;
    }
  }
}
