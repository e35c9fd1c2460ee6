import { SEED } from '../../src/emulator';
import { jwtEnv, signJwt } from '../helpers/auth';
import { sendToPonies } from '../helpers/send';
import { startStack, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';
import { until } from '../helpers/until';
import { notification, postSignedWebhook } from '../helpers/webhooks';

const STARTED = `subscription ($messageId: ID!, $contact: ContactInput!) {
  conversationStarted(messageId: $messageId, contact: $contact) { id source { id } contacts { id } }
}`;
const UPDATED = `subscription ($conversationId: ID!) {
  conversationUpdated(conversationId: $conversationId) { id updatedAt contacts { id } }
}`;
const glaucon = SEED.users.glaucon;
const ponies = SEED.users.ponies;

describe('every event a subscription yields passes its subscriber’s rights', () => {
  let stack: Stack;
  let adminToken: string;
  beforeAll(async () => {
    stack = await startStack({ env: jwtEnv() });
    adminToken = await signJwt({ sub: 'ops', scope: 'messages:admin messages:admin:any' });
  });
  afterAll(() => stack.close());

  it("conversationStarted: someone else's message id, named with one's own contact, yields nothing of theirs", async () => {
    const messageId = await sendToPonies(stack, { authorization: `Bearer ${adminToken}` });
    const token = await signJwt({ sub: glaucon.externalId, scope: 'conversations:read' });
    const { client } = subscriptionClient(stack.gateway.graphqlUrl, {
      authorization: `Bearer ${token}`,
    });
    try {
      const searches = stack.upstream('POST /conversations/search').length;
      const events = subscribe(client, STARTED, {
        messageId,
        contact: { type: 'USER', userId: glaucon.externalId },
      });
      const first = events.next();
      await until(() => stack.upstream('POST /conversations/search').length > searches);
      // Winston replies: the webhook carries his conversation, started by that message id.
      const theirs = stack.emulator.control.playReply(messageId, 'Private reply');
      await stack.emulator.webhooks.idle();
      // Then an event that does concern Glaucon: it must be the first (and only) one he sees.
      const answer = await postSignedWebhook(
        stack,
        notification('9000001', {
          source: { type: 'conversation', id: messageId, author: { type: 'admin', id: '394051' } },
          contacts: {
            type: 'contact.list',
            contacts: [{ type: 'contact', id: glaucon.id, external_id: glaucon.externalId }],
          },
        }),
      );
      expect(answer.status).toBe(200);
      const { value } = await first;
      expect(value.data.conversationStarted.id).toBe('9000001');
      expect(value.data.conversationStarted.id).not.toBe(theirs.id);
    } finally {
      await client.dispose();
    }
  });

  it('conversationUpdated: an event after which the subscriber no longer takes part ends the stream with FORBIDDEN', async () => {
    const messageId = await sendToPonies(stack, { authorization: `Bearer ${adminToken}` });
    const conversation = stack.emulator.control.playReply(messageId, 'Hi');
    await stack.emulator.webhooks.idle();
    const token = await signJwt({ sub: ponies.externalId, scope: 'conversations:read' });
    const { client } = subscriptionClient(stack.gateway.graphqlUrl, {
      authorization: `Bearer ${token}`,
    });
    try {
      const fetched = stack.upstream('GET /conversations/:id').length;
      const events = subscribe(client, UPDATED, { conversationId: conversation.id });
      const first = events.next();
      await until(() => stack.upstream('GET /conversations/:id').length > fetched);
      await postSignedWebhook(
        stack,
        notification(conversation.id, {
          contacts: {
            type: 'contact.list',
            contacts: [{ type: 'contact', id: glaucon.id, external_id: glaucon.externalId }],
          },
        }),
      );
      const outcome = await first.then(
        (result) => result.value?.errors?.[0]?.extensions?.code ?? result.value?.data,
        (errors: Array<{ extensions?: { code?: string } }>) => errors[0]?.extensions?.code,
      );
      expect(outcome).toBe('FORBIDDEN');
    } finally {
      await client.dispose();
    }
  });
});
