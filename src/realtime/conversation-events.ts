import { createPubSub, type PubSub, type PubSubEventTarget } from '@graphql-yoga/subscription';

/**
 * Conversation events for subscriptions: a webhook received by any replica is published here and
 * reaches subscribers on every replica (in-process by default, through Redis when configured).
 * Payloads are Intercom's conversation JSON, so they cross processes as they came.
 */
export type ConversationEventTopics = {
  /** A conversation appeared or changed, by the id of the message that started it. */
  [key: `message:${string}`]: [payload: unknown];
  /** A conversation changed, by its own id. */
  [key: `conversation:${string}`]: [payload: unknown];
};

/** Publish and subscribe by message id or conversation id, within one namespace. */
export interface ConversationEventBus {
  publish(conversation: Record<string, unknown>): void;
  byMessage(messageId: string): AsyncIterable<unknown>;
  byConversation(conversationId: string): AsyncIterable<unknown>;
}

/**
 * `namespace` keeps workspaces (and test runs) that share one Redis apart: Redis channels are
 * global to the server.
 */
export function createConversationEventBus(
  namespace: string,
  eventTarget?: PubSubEventTarget<ConversationEventTopics>,
): ConversationEventBus {
  const pubSub: PubSub<ConversationEventTopics> = createPubSub<ConversationEventTopics>(
    eventTarget ? { eventTarget } : undefined,
  );
  const messageTopic = (id: string) => `${namespace}message:${id}` as const;
  const conversationTopic = (id: string) => `${namespace}conversation:${id}` as const;
  return {
    publish(conversation) {
      const source = conversation.source as { id?: unknown } | undefined;
      const message = conversation.conversation_message as { id?: unknown } | undefined;
      const messageId = source?.id ?? message?.id;
      if (typeof conversation.id === 'string') {
        pubSub.publish(
          conversationTopic(conversation.id) as `conversation:${string}`,
          conversation,
        );
      }
      if (typeof messageId === 'string') {
        pubSub.publish(messageTopic(messageId) as `message:${string}`, conversation);
      }
    },
    byMessage: (messageId) => pubSub.subscribe(messageTopic(messageId) as `message:${string}`),
    byConversation: (conversationId) =>
      pubSub.subscribe(conversationTopic(conversationId) as `conversation:${string}`),
  };
}
