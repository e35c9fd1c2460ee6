import { badParameter } from '../errors';
import { asRecord, type EmulatorResponse } from '../context';
import type { ContactSeed, EmulatorControl } from '../control';
import { parseFaultSpec } from '../faults';
import { Router } from '../router';
import { conversationJsonV2, contactJson } from '../serializers';
import type { EmulatorStore } from '../store';
import type { WebhookSender } from '../webhooks';

export interface ControlRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

export type ControlHandler = (
  request: ControlRequest,
) => EmulatorResponse | Promise<EmulatorResponse>;

const done = (body: unknown = { ok: true }): EmulatorResponse => ({ status: 200, body });

function contactSeedOf(body: unknown): ContactSeed {
  const input = asRecord(body) ?? {};
  const text = (field: string): string | undefined =>
    typeof input[field] === 'string' ? (input[field] as string) : undefined;
  const role = text('role');
  if (role !== undefined && role !== 'user' && role !== 'lead' && role !== 'visitor') {
    throw badParameter('role must be one of user, lead or visitor');
  }
  const messageableInMs = input.messageable_in_ms;
  if (
    messageableInMs !== undefined &&
    (typeof messageableInMs !== 'number' || messageableInMs < 0)
  ) {
    throw badParameter('messageable_in_ms must be a number >= 0');
  }
  return {
    role,
    email: text('email'),
    externalId: text('external_id'),
    name: text('name'),
    unsubscribedFromEmails: input.unsubscribed_from_emails === true,
    messageableInMs,
  };
}

/**
 * `/_emulator/*`: the control endpoints, never under an Intercom path. `saved` resolves once the
 * state as it stands is on disk (at once when it is kept in memory only).
 */
export function controlRoutes(
  control: EmulatorControl,
  store: EmulatorStore,
  webhooks: WebhookSender,
  saved: () => Promise<void>,
) {
  return new Router<ControlHandler>()
    .add('POST /_emulator/reset', async () => {
      control.reset();
      // Answered once the reset state is saved: a restart right after it does not bring back the old one.
      await saved();
      return done();
    })
    .add('GET /_emulator/state', () =>
      done({
        counts: control.counts(),
        faults: control.faults.list(),
        rate_limit: control.rateLimiter.currentLimit,
        rate_limit_windows: control.rateLimiter.windowsOpened,
      }),
    )
    .add('POST /_emulator/faults', ({ body }) => {
      control.addFault(parseFaultSpec(body));
      return done();
    })
    .add('DELETE /_emulator/faults', () => {
      control.clearFaults();
      return done();
    })
    .add('PUT /_emulator/rate-limit', ({ body }) => {
      control.setRateLimit(asRecord(body)?.limit as number);
      return done();
    })
    .add('GET /_emulator/requests', ({ query }) =>
      done({ requests: control.requests(query.get('route') ?? undefined) }),
    )
    .add('PUT /_emulator/webhooks', ({ body }) => {
      const url = asRecord(body)?.url;
      if (url !== null && typeof url !== 'string') throw badParameter('url must be a URL or null');
      webhooks.setUrl(url ?? undefined);
      return done();
    })
    .add('GET /_emulator/webhooks', () =>
      done({ url: webhooks.targetUrl ?? null, deliveries: webhooks.deliveries }),
    )
    .add('DELETE /_emulator/requests', () => {
      control.clearRequests();
      return done();
    })
    .add('POST /_emulator/contacts', ({ body }) =>
      done(contactJson(control.createContact(contactSeedOf(body)))),
    )
    .add('POST /_emulator/contacts/:id/conversations', ({ params, body }) => {
      const count = asRecord(body)?.count ?? 1;
      const ids = control.seedConversations(params.id ?? '', count as number);
      return done({ conversation_ids: ids });
    })
    .add('POST /_emulator/conversations/:id/unsnooze', ({ params }) => {
      const conversation = control.endSnooze(params.id ?? '');
      return done(conversationJsonV2(store, conversation, true, webhooks.version));
    })
    .add('POST /_emulator/messages/:id/reply', ({ params, body }) => {
      const input = asRecord(body) ?? {};
      const text = typeof input.body === 'string' && input.body !== '' ? input.body : 'Thanks!';
      const contactId = typeof input.contact_id === 'string' ? input.contact_id : undefined;
      const conversation = control.playReply(params.id ?? '', text, contactId);
      return done(conversationJsonV2(store, conversation, true, webhooks.version));
    });
}
