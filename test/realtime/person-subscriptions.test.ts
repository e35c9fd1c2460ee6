import { SEED } from '../../src/emulator';
import { jwtEnv, signJwt } from '../helpers/auth';
import { metricValue } from '../helpers/metrics';
import { sendToPonies } from '../helpers/send';
import { startStack, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';
import { eventually, until } from '../helpers/until';

/**
 * A person's `conversationUpdated` leaves notes out of the stream it follows; leaving such a
 * stream ends it at once, as every other stream ends, on a conversation that stays quiet too.
 */
const UPDATED = 'subscription ($id: ID!) { conversationUpdated(conversationId: $id) { id } }';

describe("a person's conversationUpdated", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { ...jwtEnv(), GATEWAY_WS_MAX_SOCKETS_PER_CLIENT: '1', GATEWAY_METRICS_PORT: '0' },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  const conversationOfPonies = async () => {
    const admin = await signJwt({ sub: 'ops', scope: 'messages:admin messages:admin:any' });
    const messageId = await sendToPonies(stack, { authorization: `Bearer ${admin}` });
    return stack.emulator.control.playReply(messageId, 'Hi').id;
  };

  it('ends when its socket closes, and gives the socket’s place back', async () => {
    const conversationId = await conversationOfPonies();
    const winston = await signJwt({
      sub: SEED.users.ponies.externalId,
      scope: 'conversations:read',
    });
    const first = subscriptionClient(stack.gateway.graphqlUrl, {
      authorization: `Bearer ${winston}`,
    });
    const events = subscribe(first.client, UPDATED, { id: conversationId });
    void events.next().catch(() => undefined);
    // Listening once it has read the conversation; nothing changes in it from then on.
    await until(() => stack.upstream('GET /conversations/:id').length > 0);
    await first.client.dispose();
    expect((await first.closed).code).toBe(1000);
    // The stream ended: no longer counted, and the person's one socket is free again. Before,
    // its end waited for the conversation's next change the person sees, and every new socket
    // of theirs was refused (GATEWAY_WS_MAX_SOCKETS_PER_CLIENT) until then.
    await eventually(
      () => metricValue(stack, 'gateway_subscriptions_active'),
      (active) => active === 0,
    );
    const second = subscriptionClient(stack.gateway.graphqlUrl, {
      authorization: `Bearer ${winston}`,
    });
    try {
      const outcome = await Promise.race([
        second.closed.then((event) => `closed with ${event.code}`),
        // A socket that is let in answers a subscription.
        subscribe(second.client, UPDATED, { id: conversationId })
          .next()
          .then(() => 'answered'),
        until(() => stack.upstream('GET /conversations/:id').length > 1).then(() => 'listening'),
      ]);
      expect(outcome).toBe('listening');
    } finally {
      await second.client.dispose();
    }
  });

  it('is refused before Intercom is asked when the token may read no conversation', async () => {
    const conversationId = await conversationOfPonies();
    const sender = await signJwt({ sub: 'ops', scope: 'messages:admin messages:admin:any' });
    const { client } = subscriptionClient(stack.gateway.graphqlUrl, {
      authorization: `Bearer ${sender}`,
    });
    try {
      const code = await subscribe(client, UPDATED, { id: conversationId })
        .next()
        .then(
          (result) => result.value?.errors?.[0]?.extensions?.code,
          (errors: Array<{ extensions?: { code?: string } }>) => errors[0]?.extensions?.code,
        );
      expect(code).toBe('FORBIDDEN');
      // Intercom was not asked whether the conversation exists.
      expect(stack.upstream('GET /conversations/:id')).toEqual([]);
    } finally {
      await client.dispose();
    }
  });
});
