import { SignJWT } from 'jose';
import { SEED } from '../../src/emulator';
import { JWT_CLOCK_SKEW_SECONDS } from '../../src/auth/jwt';
import { SendAdminMessageDocument } from '../../generated/graphql/graphql';
import { JWT_SECRET, jwtEnv } from '../helpers/auth';
import { startStack, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';

const HOUR = 3600;
const YEAR = 365 * 24 * HOUR;

/** A token issued `aheadSeconds` from now and valid for an hour from then: within the limit. */
function tokenIssuedAhead(aheadSeconds: number): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000) + aheadSeconds;
  return new SignJWT({ sub: 'ops', scope: 'messages:admin messages:admin:any' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + HOUR)
    .setIssuer('https://auth.example.com/')
    .setAudience('intercom-messages-gateway')
    .sign(new TextEncoder().encode(JWT_SECRET));
}

const FUTURE_MESSAGE = `The token was issued in the future (more than ${JWT_CLOCK_SKEW_SECONDS} seconds ahead of the gateway's clock).`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: jwtEnv() });
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.control.reset());

const send = (token: string) =>
  stack.execute(
    SendAdminMessageDocument,
    {
      input: {
        messageType: 'IN_APP',
        body: 'Hi',
        from: { id: '394051' },
        to: { type: 'USER', id: SEED.users.ponies.id },
      },
    },
    { authorization: `Bearer ${token}` },
  );

describe('a JWT issued in the future', () => {
  it.each([
    ['ten years ahead', 10 * YEAR],
    ['just past the clock skew', JWT_CLOCK_SKEW_SECONDS + 30],
  ])('is refused over HTTP (%s), before anything is sent', async (_name, ahead) => {
    const answer = await send(await tokenIssuedAhead(ahead));
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0]).toMatchObject({
      message: FUTURE_MESSAGE,
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(stack.emulator.control.requests()).toEqual([]);
  });

  it('is accepted within the clock skew', async () => {
    const answer = await send(await tokenIssuedAhead(JWT_CLOCK_SKEW_SECONDS - 30));
    expect(answer.body.errors).toBeUndefined();
    expect(stack.upstream('POST /messages')).toHaveLength(1);
  });

  it('is refused over WebSocket: the socket closes 4403 at connection_init', async () => {
    const token = await tokenIssuedAhead(10 * YEAR);
    const { client, closed } = subscriptionClient(stack.gateway.graphqlUrl, {
      authorization: `Bearer ${token}`,
    });
    try {
      const outcome = subscribe(
        client,
        'subscription ($id: ID!) { conversationUpdated(conversationId: $id) { id } }',
        { id: 'abc' },
      )
        .next()
        .then(
          () => 'answered',
          () => 'refused',
        );
      expect((await closed).code).toBe(4403);
      expect(await outcome).toBe('refused');
      expect(stack.emulator.control.requests()).toEqual([]);
    } finally {
      await client.dispose();
    }
  });

  it('within the clock skew opens a socket', async () => {
    const token = await tokenIssuedAhead(JWT_CLOCK_SKEW_SECONDS - 30);
    const { client } = subscriptionClient(stack.gateway.graphqlUrl, {
      authorization: `Bearer ${token}`,
    });
    try {
      // Not allowed to read conversations: an answer only a socket that authenticated gets to
      // hear (one that did not is closed with 4403).
      const errors = await subscribe(
        client,
        'subscription ($id: ID!) { conversationUpdated(conversationId: $id) { id } }',
        { id: 'abc' },
      )
        .next()
        .then(
          (result) => result.value?.errors as unknown,
          (error: unknown) => error,
        );
      expect(errors).toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);
    } finally {
      await client.dispose();
    }
  });
});
