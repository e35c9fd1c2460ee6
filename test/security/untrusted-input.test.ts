import { request } from 'undici';
import { SEED } from '../../src/emulator';
import {
  ConversationForMessageDocument,
  SendUserMessageDocument,
} from '../../generated/graphql/graphql';
import { startStack, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.control.reset());

const ponies = { type: 'USER' as const, id: SEED.users.ponies.id };

describe('validation runs in linear time on inputs up to the body limit', () => {
  // Quadratic validation took 11 s on 160,000 characters of `<a`; this body is 900,000. The
  // test's own timeout (5 s) is the failure: no duration is asserted.
  it('answers a worst-case HTML body at once while /healthz stays responsive', async () => {
    const body = '<a'.repeat(450_000);
    const [answer, health] = await Promise.all([
      stack.execute(SendUserMessageDocument, {
        input: { from: { type: 'USER', id: SEED.users.ponies.id }, body },
      }),
      request(`${stack.gateway.url}/healthz`).then((response) => response.body.json()),
    ]);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(health).toEqual({ status: 'ok' });
    expect(stack.emulator.control.requests()).toEqual([]);
  }, 5000);
});

describe('ids are checked against Intercom’s shapes before any call', () => {
  it.each([['.'], ['..'], ['a/b'], ['x'.repeat(9000)]])(
    'conversationForMessage refuses messageId %#',
    async (messageId) => {
      const answer = await stack.execute(ConversationForMessageDocument, {
        messageId,
        contact: ponies,
      });
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [
          {
            field: 'messageId',
            message: 'messageId is not an Intercom id: 1-64 letters, digits, _ or -.',
          },
        ],
      });
      expect(JSON.stringify(answer.body)).not.toContain('xxxxxxxxxx');
      expect(stack.emulator.control.requests()).toEqual([]);
    },
  );

  it.each([['.'], ['..'], ['y'.repeat(9000)]])(
    'conversationUpdated refuses conversationId %#',
    async (conversationId) => {
      const { client } = subscriptionClient(stack.gateway.graphqlUrl);
      try {
        const outcome = await subscribe(
          client,
          'subscription ($id: ID!) { conversationUpdated(conversationId: $id) { id } }',
          { id: conversationId },
        )
          .next()
          .then(
            (result) => result.value?.errors?.[0]?.extensions,
            (errors: Array<{ extensions?: Record<string, unknown> }>) => errors[0]?.extensions,
          );
        expect(outcome).toMatchObject({
          code: 'BAD_USER_INPUT',
          fieldErrors: [{ field: 'conversationId' }],
        });
        expect(stack.emulator.control.requests()).toEqual([]);
      } finally {
        await client.dispose();
      }
    },
  );
});
