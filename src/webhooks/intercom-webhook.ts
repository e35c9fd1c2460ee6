import { verifyWebhookSignature } from './signature';

/** The topics that say a conversation appeared or a contact wrote in it. */
export const CONVERSATION_TOPICS = new Set([
  'conversation.user.created',
  'conversation.user.replied',
  'conversation.admin.single.created',
]);

export interface WebhookDependencies {
  readonly clientSecret: string;
  /** True the first time a notification id is seen (Intercom redelivers). */
  firstDelivery(notificationId: string): Promise<boolean>;
  /** Hands a conversation (Intercom's JSON) to the subscribers. */
  publish(conversation: Record<string, unknown>): Promise<void>;
}

export interface WebhookAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** What happened, for the log line (never the body). */
  readonly outcome: 'refused' | 'ping' | 'published' | 'duplicate' | 'ignored' | 'malformed';
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
  if (typeof notification.id !== 'string' || !item) {
    return {
      status: 400,
      body: { error: 'A notification needs an id and data.item.' },
      outcome: 'malformed',
    };
  }
  if (!(await dependencies.firstDelivery(notification.id))) {
    return { status: 200, body: { ok: true }, outcome: 'duplicate' };
  }
  await dependencies.publish(item);
  return { status: 200, body: { ok: true }, outcome: 'published' };
}
