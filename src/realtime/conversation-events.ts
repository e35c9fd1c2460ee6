import {
  createPubSub,
  Repeater,
  SlidingBuffer,
  type PubSub,
  type PubSubEventTarget,
} from '@graphql-yoga/subscription';

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
 * Events kept for a subscriber that has not taken them yet; past this, the oldest give way. Each
 * event is the conversation as it stands, so a subscriber that falls behind (a client that stopped
 * reading its socket) still gets the latest. Without a bound, its events would pile up until the
 * queue's own limit threw inside the event listener, an uncaught exception.
 */
export const SUBSCRIBER_BUFFER_EVENTS = 16;

/**
 * `namespace` keeps workspaces (and test runs) that share one Redis apart: Redis channels are
 * global to the server.
 */
export function createConversationEventBus(
  namespace: string,
  eventTarget: PubSubEventTarget<ConversationEventTopics> = new EventTarget(),
): ConversationEventBus {
  const pubSub: PubSub<ConversationEventTopics> = createPubSub<ConversationEventTopics>({
    eventTarget,
  });
  // The pub-sub's own `subscribe` takes one buffer for every subscriber: each gets its own here.
  const subscribe = (topic: string): AsyncIterable<unknown> =>
    new Repeater<unknown>((push, stop) => {
      const listener = (event: Event) => {
        // Nothing a subscriber does may throw here: it would be an uncaught exception (an event
        // target's listener) or cut other subscribers off the event (Redis's message handler).
        try {
          push((event as CustomEvent<unknown>).detail).catch(() => undefined);
        } catch {
          // This subscriber misses the event; it is the only one that does.
        }
      };
      eventTarget.addEventListener(topic, listener);
      void stop.then(() => eventTarget.removeEventListener(topic, listener));
    }, new SlidingBuffer(SUBSCRIBER_BUFFER_EVENTS));
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
    byMessage: (messageId) => subscribe(messageTopic(messageId)),
    byConversation: (conversationId) => subscribe(conversationTopic(conversationId)),
  };
}
