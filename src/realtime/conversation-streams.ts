import type { Principal } from '../auth/principal';
import type { Conversation } from '../conversations/conversation.model';
import type {
  ConversationLookupKey,
  ConversationService,
} from '../conversations/conversation.service';
import { toConversation } from '../conversations/conversation-wire';
import { NotFoundError } from '../domain-errors';
import type { ConversationEventBus } from './conversation-events';

/**
 * What subscriptions stream: the conversation a message starts (once), and later changes to a
 * conversation. Each subscribes to the event bus before looking, so no event can fall between.
 */
export class ConversationStreams {
  constructor(
    private readonly events: ConversationEventBus,
    private readonly conversations: ConversationService,
  ) {}

  /** Yields the conversation once: at once if it exists already, else when a webhook brings it. */
  async *started(key: ConversationLookupKey): AsyncGenerator<Conversation> {
    const stream = this.events.byMessage(key.messageId)[Symbol.asyncIterator]();
    // Asking for the first event is what starts listening: do it before looking.
    let pending = stream.next();
    try {
      const existing = await this.conversations.createLookup().forMessage(key);
      if (existing) {
        yield existing;
        return;
      }
      for (;;) {
        const next = await pending;
        if (next.done) return;
        const conversation = toConversation(next.value);
        if (conversation.source.id === key.messageId) {
          yield conversation;
          return;
        }
        pending = stream.next();
      }
    } finally {
      await stream.return?.();
    }
  }

  /**
   * Yields the conversation each time it changes. `mayFollow` decides, from the conversation as it
   * is now, whether the caller may see it at all.
   */
  async *updated(
    conversationId: string,
    principal: Principal,
    mayFollow: (principal: Principal, conversation: Conversation) => void,
  ): AsyncGenerator<Conversation> {
    const stream = this.events.byConversation(conversationId)[Symbol.asyncIterator]();
    let pending = stream.next();
    try {
      const current = await this.conversations.byId(conversationId);
      if (!current) throw new NotFoundError('Intercom has no conversation with that id.');
      mayFollow(principal, current);
      for (;;) {
        const next = await pending;
        if (next.done) return;
        yield toConversation(next.value);
        pending = stream.next();
      }
    } finally {
      await stream.return?.();
    }
  }
}
