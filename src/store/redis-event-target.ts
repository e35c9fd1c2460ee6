import type { PubSubEventTarget } from '@graphql-yoga/subscription';
import type Redis from 'ioredis';
import type { ConversationEventTopics } from '../realtime/conversation-events';

/**
 * The connection `redisEventTarget` subscribes on: a connection of its own (a subscribed one can
 * do nothing else), which does not subscribe again by itself after a reconnect. ioredis would
 * send that SUBSCRIBE with no handler for its failure (a rejection that stops the process when
 * the connection drops again or the answer is late), and for every channel the connection had,
 * also those whose UNSUBSCRIBE failed while Redis was away (subscribed for good, with nobody
 * listening). `redisEventTarget` subscribes the channels it listens to itself, and handles the
 * failure.
 */
export function eventSubscriber(redis: Redis): Redis {
  const subscriber = redis.duplicate({ autoResubscribe: false });
  // Its failures are the same outage the main connection reports (and logs) already.
  subscriber.on('error', () => undefined);
  return subscriber;
}

type Listener = (event: Event) => void;
type ListenerOrObject = Listener | { handleEvent: Listener };

const call = (listener: ListenerOrObject, event: Event) =>
  typeof listener === 'function' ? listener(event) : listener.handleEvent(event);

/**
 * Conversation events between replicas over Redis pub/sub, as the event bus's EventTarget: what
 * @graphql-yoga/redis-event-target does, safe in front of customers. A publish, subscribe or
 * unsubscribe that Redis fails is reported to `onFailure` and costs only the events it concerned,
 * never an unhandled rejection; a message that is not JSON is dropped, not thrown inside ioredis's
 * handler (an uncaught exception on every replica subscribed); one listener that throws fails
 * alone; and every channel listened to is subscribed again whenever the connection is back, also
 * one whose SUBSCRIBE failed while Redis was away.
 */
export function redisEventTarget(
  publisher: Redis,
  subscriber: Redis,
  onFailure: (error: unknown) => void,
): PubSubEventTarget<ConversationEventTopics> {
  const listeners = new Map<string, Set<ListenerOrObject>>();

  subscriber.on('message', (channel: string, message: string) => {
    const own = listeners.get(channel);
    if (!own) return;
    let detail: unknown;
    try {
      detail = message === '' ? null : JSON.parse(message);
    } catch {
      return;
    }
    const event = new CustomEvent(channel, { detail });
    for (const listener of own) {
      try {
        call(listener, event);
      } catch {
        // This listener misses the event; the others do not.
      }
    }
  });
  subscriber.on('ready', () => {
    if (listeners.size > 0) subscriber.subscribe(...listeners.keys()).catch(onFailure);
  });

  const target = {
    addEventListener(topic: string, listener: ListenerOrObject | null) {
      if (!listener) return;
      let own = listeners.get(topic);
      if (!own) {
        own = new Set();
        listeners.set(topic, own);
        subscriber.subscribe(topic).catch(onFailure);
      }
      own.add(listener);
    },
    removeEventListener(topic: string, listener: ListenerOrObject | null) {
      const own = listeners.get(topic);
      if (!own || !listener) return;
      own.delete(listener);
      if (own.size > 0) return;
      listeners.delete(topic);
      subscriber.unsubscribe(topic).catch(onFailure);
    },
    dispatchEvent(event: Event) {
      const { detail } = event as CustomEvent<unknown>;
      publisher
        .publish(event.type, detail === undefined ? '' : JSON.stringify(detail))
        .catch(onFailure);
      return true;
    },
  };
  return target as unknown as PubSubEventTarget<ConversationEventTopics>;
}
