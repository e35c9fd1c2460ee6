import type Redis from 'ioredis';
import type { ConversationIdCache } from './conversation-id-cache';
import type { RedisGate } from './redis';

/** message -> conversation ids in Redis, shared by every replica; a Redis failure is a miss. */
export class RedisConversationIdCache implements ConversationIdCache {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly ttlMs: number,
    private readonly gate: RedisGate,
  ) {}

  private key(key: string): string {
    return `${this.namespace}conversation:${key}`;
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.gate.run(() => this.redis.get(this.key(key)))) ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, conversationId: string): Promise<void> {
    try {
      await this.gate.run(() => this.redis.set(this.key(key), conversationId, 'PX', this.ttlMs));
    } catch {
      // The next lookup walks again: slower, never wrong.
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.gate.run(() => this.redis.del(this.key(key)));
    } catch {
      // As above.
    }
  }
}
