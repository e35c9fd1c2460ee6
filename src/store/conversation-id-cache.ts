import { LRUCache } from 'lru-cache';

/**
 * message -> conversation ids. Once Intercom has opened the conversation a message started, that
 * pair never changes, so it can be kept; "no conversation yet" is never kept.
 */
export interface ConversationIdCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, conversationId: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Bounded LRU with a TTL, in this process. */
export class MemoryConversationIdCache implements ConversationIdCache {
  private readonly entries: LRUCache<string, string>;

  constructor(options: { maxEntries: number; ttlMs: number }) {
    this.entries = new LRUCache({ max: options.maxEntries, ttl: options.ttlMs });
  }

  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, conversationId: string): Promise<void> {
    this.entries.set(key, conversationId);
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
