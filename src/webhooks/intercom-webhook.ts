import { verifyWebhookSignature } from './signature';

const MAX_NOTIFICATION_ID_LENGTH = 256;

/** The topics that say a conversation appeared, someone wrote in it, or an admin acted on it. */
export const CONVERSATION_TOPICS = new Set([
  'conversation.user.created',
  'conversation.user.replied',
  'conversation.admin.single.created',
  'conversation.admin.replied',
  'conversation.admin.noted',
  'conversation.admin.closed',
  'conversation.admin.opened',
  'conversation.admin.snoozed',
  'conversation.admin.unsnoozed',
  'conversation.admin.assigned',
]);

/** What became of a notification: the label of its log line and of `gateway_webhooks_total`. */
export type WebhookOutcome =
  | 'refused'
  | 'ping'
  | 'published'
  | 'duplicate'
  | 'ignored'
  | 'malformed'
  | 'stale'
  | 'future'
  | 'busy'
  | 'too-large';

export interface WebhookDependencies {
  readonly clientSecret: string;
  /** Notifications created longer ago than this are not published (a replay, or too late). */
  readonly maxAgeSeconds: number;
  /** How far ahead of this clock a notification's `created_at` may be; further is refused. */
  readonly maxFutureSkewSeconds: number;
  /** Whether a notification id is new (Intercom redelivers), or cannot be remembered now. */
  firstDelivery(notificationId: string): Promise<'first' | 'duplicate' | 'full'>;
  /** Hands a conversation (Intercom's JSON) to the subscribers. */
  publish(conversation: Record<string, unknown>): Promise<void>;
}

export interface WebhookAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** What happened, for the log line (never the body). */
  readonly outcome: WebhookOutcome;
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/**
 * `POST /webhooks/intercom`: verifies the signature first (401 and nothing published otherwise),
 * answers `ping`, publishes conversation notifications once each, and accepts other topics
 * without acting on them (Intercom stops sending to endpoints that fail).
 */
export async function handleIntercomWebhook(
  rawBody: string,
  signature: string | undefined,
  dependencies: WebhookDependencies,
): Promise<WebhookAnswer> {
  if (!verifyWebhookSignature(rawBody, signature, dependencies.clientSecret)) {
    return {
      status: 401,
      body: { error: 'The X-Hub-Signature is missing or wrong.' },
      outcome: 'refused',
    };
  }
  let notification: Record<string, unknown> | undefined;
  try {
    notification = record(JSON.parse(rawBody));
  } catch {
    notification = undefined;
  }
  if (!notification)
    return { status: 400, body: { error: 'The body is not JSON.' }, outcome: 'malformed' };
  const topic = notification.topic;
  if (topic === 'ping') return { status: 200, body: { ok: true }, outcome: 'ping' };
  if (typeof topic !== 'string' || !CONVERSATION_TOPICS.has(topic)) {
    return { status: 200, body: { ok: true }, outcome: 'ignored' };
  }
  const item = record(record(notification.data)?.item);
  const { id, created_at: createdAt } = notification;
  if (
    typeof id !== 'string' ||
    id.length === 0 ||
    id.length > MAX_NOTIFICATION_ID_LENGTH ||
    typeof createdAt !== 'number' ||
    !item
  ) {
    return {
      status: 400,
      body: { error: 'A notification needs an id, created_at and data.item.' },
      outcome: 'malformed',
    };
  }
  // An old notification, though genuinely signed, may be a replay of one whose id has been
  // forgotten: ids are kept exactly as long as notifications are accepted.
  const ageSeconds = Date.now() / 1000 - createdAt;
  if (ageSeconds > dependencies.maxAgeSeconds) {
    return { status: 200, body: { ok: true }, outcome: 'stale' };
  }
  // Ids are kept as long as a notification is accepted, counted from now: one dated further
  // ahead would still be accepted after its id is forgotten.
  if (-ageSeconds > dependencies.maxFutureSkewSeconds) {
    return {
      status: 400,
      body: { error: 'The notification is dated in the future: check the server clocks.' },
      outcome: 'future',
    };
  }
  const delivery = await dependencies.firstDelivery(id);
  if (delivery === 'duplicate') return { status: 200, body: { ok: true }, outcome: 'duplicate' };
  if (delivery === 'full') {
    return {
      status: 503,
      body: { error: 'Too many notifications at once: try again later.' },
      outcome: 'busy',
    };
  }
  await dependencies.publish(item);
  return { status: 200, body: { ok: true }, outcome: 'published' };
}
