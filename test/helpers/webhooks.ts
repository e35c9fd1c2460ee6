import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { SEED } from '../../src/emulator';
import { signWebhook } from '../../src/webhooks/signature';
import { SendAdminMessageDocument } from '../../generated/graphql/graphql';
import type { Stack } from './stack';

/** Posts a webhook body to the gateway, signed with `signature` when given. */
export async function postWebhook(stack: Stack, body: string, signature?: string) {
  const response = await request(`${stack.gateway.url}/webhooks/intercom`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature ? { 'x-hub-signature': signature } : {}),
    },
    body,
  });
  return { status: response.statusCode, body: (await response.body.json()) as any };
}

/** Posts a notification signed with the emulator's secret, as Intercom would. */
export const postSignedWebhook = (stack: Stack, body: string) =>
  postWebhook(stack, body, signWebhook(body, stack.emulator.webhookSecret));

export const ponyContacts = [
  { type: 'contact', id: SEED.users.ponies.id, external_id: SEED.users.ponies.externalId },
];

/**
 * A `conversation.user.replied` notification as Intercom sends it (sent now unless `createdAt`
 * says otherwise), for a conversation with `overrides` on Intercom's JSON.
 */
export function notification(
  conversationId: string,
  overrides: Record<string, unknown> = {},
  createdAt: number = Math.floor(Date.now() / 1000),
): string {
  const item = {
    type: 'conversation',
    id: conversationId,
    created_at: 1_700_000_000,
    updated_at: 1_700_000_100,
    source: {
      type: 'conversation',
      id: 'x',
      delivered_as: 'admin_initiated',
      author: { type: 'admin', id: '394051' },
    },
    contacts: { type: 'contact.list', contacts: ponyContacts },
    state: 'open',
    open: true,
    read: false,
    ...overrides,
  };
  return JSON.stringify({
    type: 'notification_event',
    id: `notif_${randomUUID()}`,
    topic: 'conversation.user.replied',
    app_id: 'emulator',
    created_at: createdAt,
    data: { type: 'notification_event_data', item },
  });
}

/** A conversation Ponies replied to (a message from Wash), its own webhooks delivered: its id. */
export async function repliedConversation(stack: Stack): Promise<string> {
  const answer = await stack.execute(SendAdminMessageDocument, {
    input: {
      messageType: 'IN_APP',
      body: 'Hi',
      from: { id: '394051' },
      to: { type: 'USER', id: SEED.users.ponies.id },
    },
  });
  const conversation = stack.emulator.control.playReply(
    answer.body.data?.sendAdminMessage.id as string,
    'Hi',
  );
  await stack.emulator.webhooks.idle();
  return conversation.id;
}
