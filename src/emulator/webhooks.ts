import { createHmac, randomUUID } from 'node:crypto';
import { request } from 'undici';
import type { ConversationEvent } from './context';
import { conversationJsonV2 } from './serializers';
import type { EmulatorStore } from './store';
import type { ApiVersion } from './versions';

/** `X-Hub-Signature` as Intercom sends it: `sha1=` + hex HMAC-SHA1 of the raw body. */
const signature = (rawBody: string, secret: string): string =>
  `sha1=${createHmac('sha1', secret).update(rawBody, 'utf8').digest('hex')}`;

export interface WebhookDelivery {
  readonly id: string;
  readonly topic: string;
  readonly status: number | 'failed';
}

/**
 * Sends signed webhooks as Intercom does (`notification_event`, `X-Hub-Signature`) when a
 * conversation opens or a contact replies, to the URL set by EMULATOR_WEBHOOK_URL or control.
 */
export class WebhookSender {
  private url: string | undefined;
  readonly deliveries: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: EmulatorStore,
    private readonly secret: string,
    url: string | undefined,
    /** The version whose shape the notifications' conversations take (the app's, at Intercom). */
    readonly version: ApiVersion,
  ) {
    this.url = url;
  }

  setUrl(url: string | undefined): void {
    this.url = url;
  }

  get targetUrl(): string | undefined {
    return this.url;
  }

  /** Resolves when every webhook sent so far has been answered. */
  async idle(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  send(event: ConversationEvent): void {
    const url = this.url;
    const conversation = this.store.conversationById(event.conversationId);
    if (!url || !conversation) return;
    const now = Math.floor(Date.now() / 1000);
    const notification = {
      type: 'notification_event',
      app_id: 'emulator',
      id: `notif_${randomUUID()}`,
      topic: event.topic,
      delivery_status: 'pending',
      delivery_attempts: 1,
      delivered_at: 0,
      first_sent_at: now,
      created_at: now,
      self: null,
      data: {
        type: 'notification_event_data',
        item: conversationJsonV2(this.store, conversation, true, this.version),
      },
    };
    const body = JSON.stringify(notification);
    const delivery = request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Intercom-Webhook/emulator',
        'x-hub-signature': signature(body, this.secret),
      },
      body,
    })
      .then(async (response) => {
        await response.body.dump();
        this.record({ id: notification.id, topic: event.topic, status: response.statusCode });
      })
      .catch(() => this.record({ id: notification.id, topic: event.topic, status: 'failed' }))
      .finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  private record(delivery: WebhookDelivery): void {
    this.deliveries.push(delivery);
    if (this.deliveries.length > 1000) this.deliveries.shift();
  }
}
