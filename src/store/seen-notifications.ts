import { LRUCache } from 'lru-cache';

/** Whether a webhook notification is new, already seen, or cannot be remembered now. */
export type Delivery = 'first' | 'duplicate' | 'full';

/**
 * How far in the future a notification's `created_at` may be (Intercom's clock and this one
 * differ a little); one further ahead is refused.
 */
export const WEBHOOK_CLOCK_SKEW_SECONDS = 60;

/**
 * How long a notification id is remembered: as long as the notification is accepted, from a
 * `created_at` as far ahead as the skew allows to the maximum age after it. A replay after that is
 * refused by its age, so none is published twice.
 */
export const notificationTtlMs = (maxAgeSeconds: number): number =>
  (maxAgeSeconds + WEBHOOK_CLOCK_SKEW_SECONDS) * 1000;

/**
 * Notification ids seen in this process, each kept for the webhook's maximum age: a redelivery
 * within that age is dropped, and an older one is refused by its age, so none is published twice.
 * Bounded: when every slot holds an id younger than the age, the answer is `full` (the endpoint
 * answers 503 and Intercom retries) rather than forgetting an id early. Only for this process:
 * with the ledger on, its database remembers them across restarts; with Redis, Redis does.
 */
export class SeenNotifications {
  private readonly ids: LRUCache<string, true>;

  constructor(
    private readonly maxEntries: number,
    ttlMs: number,
  ) {
    this.ids = new LRUCache({ max: maxEntries, ttl: ttlMs, ttlAutopurge: false });
  }

  remember(id: string): Delivery {
    if (this.ids.has(id)) return 'duplicate';
    if (this.ids.size >= this.maxEntries) {
      this.ids.purgeStale();
      if (this.ids.size >= this.maxEntries) return 'full';
    }
    this.ids.set(id, true);
    return 'first';
  }
}
