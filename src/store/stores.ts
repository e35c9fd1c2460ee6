import type Redis from 'ioredis';
import type { GatewayConfig } from '../config';
import { LocalQuotaPacer, type QuotaPacer } from '../intercom/quota-pacer';
import { RedisQuotaPacer } from '../intercom/redis-quota-pacer';
import type { Logger } from '../logger';
import {
  createConversationEventBus,
  type ConversationEventBus,
} from '../realtime/conversation-events';
import { MemoryConversationIdCache, type ConversationIdCache } from './conversation-id-cache';
import { MemoryIdempotencyStore, type IdempotencyStore } from './idempotency-store';
import { connectRedis, RedisGate, redisIsReady, workspaceNamespace } from './redis';
import { eventSubscriber, redisEventTarget } from './redis-event-target';
import { describeDatabaseError } from './ledger/database-errors';
import { RedisConversationIdCache } from './redis-conversation-id-cache';
import { RedisIdempotencyStore } from './redis-idempotency-store';
import { notificationTtlMs, SeenNotifications, type Delivery } from './seen-notifications';

/** How long start-up waits for Redis before serving without it. */
const STARTUP_WAIT_MS = 3000;

/** Where the gateway keeps what must outlive a request: in memory, or in Redis when configured. */
export interface Stores {
  readonly conversationCache: ConversationIdCache;
  readonly idempotency: IdempotencyStore;
  /** With Redis: this replica's own store, for while Redis fails. */
  readonly idempotencyFallback: IdempotencyStore | undefined;
  /** Undefined when pacing is off. */
  readonly pacer: QuotaPacer | undefined;
  /** Conversation events for subscriptions: across replicas with Redis. */
  readonly events: ConversationEventBus;
  /** Whether a webhook notification id is seen for the first time (kept WEBHOOK_MAX_AGE_SECONDS). */
  firstDelivery(notificationId: string): Promise<Delivery>;
  /** Resolves once the stores can be used (Redis connected), or after a bounded wait. */
  readonly ready: Promise<void>;
  /** `memory`, or whether Redis answers now. */
  status(): 'memory' | 'redis' | 'redis-down';
  close(): Promise<void>;
}

export function createStores(
  config: GatewayConfig,
  upstream: { baseUrl: string; accessToken: string },
  logger: Logger,
): Stores {
  const pacerOptions = {
    maxWaitMs: config.intercom.quotaMaxWaitMs,
    maxQueue: config.intercom.quotaMaxQueue,
    pollShare: config.intercom.quotaPollSharePercent / 100,
    bulkShare: config.bulk.quotaShare,
  };
  const localPacer = config.intercom.quotaPacing ? new LocalQuotaPacer(pacerOptions) : undefined;
  const cacheTtlMs = config.conversations.cacheTtlMs;
  const { url } = config.redis;
  const deliveryTtlMs = notificationTtlMs(config.webhooks.maxAgeSeconds);
  const seenNotifications = new SeenNotifications(config.webhooks.dedupeMaxEntries, deliveryTtlMs);
  if (url === undefined) {
    return {
      conversationCache: new MemoryConversationIdCache({
        maxEntries: config.conversations.cacheMaxEntries,
        ttlMs: cacheTtlMs,
      }),
      idempotency: new MemoryIdempotencyStore(config.idempotency.maxEntries),
      idempotencyFallback: undefined,
      pacer: localPacer,
      events: createConversationEventBus(''),
      firstDelivery: async (id) => seenNotifications.remember(id),
      ready: Promise.resolve(),
      status: () => 'memory',
      close: async () => undefined,
    };
  }
  const redis: Redis = connectRedis({ ...config.redis, url }, logger);
  const gate = new RedisGate(Math.max(1000, 2 * config.redis.timeoutMs));
  const subscriber = eventSubscriber(redis);
  let eventsFailing = false;
  const onEventsFailure = (error: unknown) => {
    // One line per outage, not one per event: the first failure after a working spell.
    if (eventsFailing) return;
    eventsFailing = true;
    logger.warn(
      { err: describeDatabaseError(error) },
      'conversation events could not go through Redis: live updates are missed until it is back',
    );
  };
  subscriber.on('ready', () => (eventsFailing = false));
  const namespace = workspaceNamespace(
    config.redis.keyPrefix,
    upstream.baseUrl,
    upstream.accessToken,
  );
  return {
    conversationCache: new RedisConversationIdCache(redis, namespace, cacheTtlMs, gate),
    idempotency: new RedisIdempotencyStore(redis, namespace, gate),
    idempotencyFallback: new MemoryIdempotencyStore(config.idempotency.maxEntries),
    pacer:
      localPacer &&
      new RedisQuotaPacer(
        redis,
        namespace,
        // A call holds its slot for its own deadline at most, and a second more.
        { ...pacerOptions, slotLeaseMs: config.intercom.timeoutMs + 1000 },
        localPacer,
        gate,
      ),
    events: createConversationEventBus(
      namespace,
      redisEventTarget(redis, subscriber, onEventsFailure),
    ),
    firstDelivery: async (id) => {
      try {
        const set = await gate.run(() =>
          redis.set(`${namespace}webhook:${id}`, '1', 'PX', deliveryTtlMs, 'NX'),
        );
        return set === 'OK' ? 'first' : 'duplicate';
      } catch {
        // Without Redis, this replica remembers on its own: another replica may publish a
        // redelivery again, which is better than losing a notification.
        return seenNotifications.remember(id);
      }
    },
    // Start serving with Redis if it answers soon; else degraded, and it joins when it can.
    ready: Promise.race([
      new Promise<void>((resolve) => redis.once('ready', () => resolve())),
      new Promise<void>((resolve) => setTimeout(resolve, STARTUP_WAIT_MS).unref()),
    ]),
    status: () => (redisIsReady(redis) ? 'redis' : 'redis-down'),
    close: async () => {
      await subscriber.quit().catch(() => subscriber.disconnect());
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
