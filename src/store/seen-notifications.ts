import { LRUCache } from 'lru-cache';

/** Whether a webhook notification is new, already seen, or cannot be remembered now. */
export type Delivery = 'first' | 'duplicate' | 'full';

/**
 * Notification ids seen in this process, each kept for the webhook's maximum age: a redelivery
 * within that age is dropped, and an older one is refused by its age, so none is published twice.
 * Bounded: when every slot holds an id younger than the age, the answer is `full` (the endpoint
 * answers 503 and Intercom retries) rather than forgetting an id early.
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
