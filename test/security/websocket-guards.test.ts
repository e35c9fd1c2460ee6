import { once } from 'node:events';
import { request } from 'undici';
import WebSocket from 'ws';
import { SEED } from '../../src/emulator';
import { createLogger } from '../../src/logger';
import { apiKeyEnv, jwtEnv, newApiKey, signJwt } from '../helpers/auth';
import { LogCapture } from '../helpers/log-capture';
import { metricValue } from '../helpers/metrics';
import { sendToPonies } from '../helpers/send';
import { startStack, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';

const UPDATED = 'subscription ($id: ID!) { conversationUpdated(conversationId: $id) { id } }';
const key = newApiKey('socket', ['messages:admin', 'conversations:read']);
const auth = { authorization: `Bearer ${key.key}` };

/** The first thing a subscription answers: its data, or the code of its first error. */
function firstOutcome(events: AsyncIterator<any>): Promise<unknown> {
  return events.next().then(
    (result) => result.value?.errors?.[0]?.extensions ?? result.value?.data,
    (errors: Array<{ extensions?: Record<string, unknown> }>) => errors[0]?.extensions,
  );
}

/** A conversation the contact replied in, to follow; `headers` may send admin messages. */
async function aConversation(stack: Stack, headers: Record<string, string>): Promise<string> {
  return stack.emulator.control.playReply(await sendToPonies(stack, headers), 'Hi').id;
}

/** A raw graphql-ws socket, to send what a well-behaved client never would. */
function rawSocket(stack: Stack, headers: Record<string, string> = {}): WebSocket {
  return new WebSocket(stack.gateway.graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', {
    headers,
  });
}

describe('the WebSocket path passes the same guards as HTTP', () => {
  let stack: Stack;
  const capture = new LogCapture();
  beforeAll(async () => {
    stack = await startStack({
      env: {
        ...apiKeyEnv([key]),
        GATEWAY_MAX_BODY_BYTES: '4096',
        GATEWAY_MAX_TOKENS: '200',
        GATEWAY_CORS_ORIGINS: 'https://app.example.com',
        GATEWAY_WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '2',
        GATEWAY_WS_MAX_SUBSCRIPTIONS_PER_CLIENT: '3',
      },
      logger: createLogger('info', capture),
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  it('closes a socket whose frame is over GATEWAY_MAX_BODY_BYTES, before authentication', async () => {
    const socket = rawSocket(stack);
    await once(socket, 'open');
    const closed = once(socket, 'close');
    socket.send(
      JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(10_000) } }),
    );
    const [code] = await closed;
    expect(code).toBe(1009);
  });

  it('refuses a browser page from an origin not in GATEWAY_CORS_ORIGINS, and lets an allowed one in', async () => {
    const refusals = await metricValue(stack, 'gateway_websocket_refusals_total{reason="origin"}');
    const evil = rawSocket(stack, { origin: 'https://evil.example' });
    // ws reports the refused upgrade as an error too.
    evil.on('error', () => undefined);
    const [, response] = (await once(evil, 'unexpected-response')) as [
      unknown,
      { statusCode: number },
    ];
    expect(response.statusCode).toBe(403);
    evil.terminate();
    expect(await metricValue(stack, 'gateway_websocket_refusals_total{reason="origin"}')).toBe(
      refusals + 1,
    );
    const good = rawSocket(stack, { origin: 'https://app.example.com' });
    await once(good, 'open');
    good.close();
  });

  it('applies the armor limits: 40 aliased fields are refused and nothing reaches Intercom', async () => {
    const { client } = subscriptionClient(stack.gateway.graphqlUrl, auth);
    try {
      const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: id`).join(' ');
      const outcome = await firstOutcome(
        subscribe(
          client,
          `subscription { conversationUpdated(conversationId: "1") { ${aliases} } }`,
        ),
      );
      expect(outcome).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
      expect(stack.emulator.control.requests()).toEqual([]);
    } finally {
      await client.dispose();
    }
  });

  it('runs only subscriptions: a mutation over the socket is refused and sends nothing', async () => {
    const { client } = subscriptionClient(stack.gateway.graphqlUrl, auth);
    try {
      const outcome = await firstOutcome(
        subscribe(
          client,
          `mutation { sendAdminMessage(input: { messageType: IN_APP, body: "Hi", from: { id: "394051" }, to: { type: USER, id: "${SEED.users.ponies.id}" } }) { id } }`,
        ),
      );
      expect(outcome).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
      expect(stack.emulator.control.requests()).toEqual([]);
    } finally {
      await client.dispose();
    }
  });

  it('answers a document over the token limit as GRAPHQL_PARSE_FAILED', async () => {
    const { client } = subscriptionClient(stack.gateway.graphqlUrl, auth);
    try {
      const fields = Array.from({ length: 300 }, () => 'id').join(' ');
      const outcome = await firstOutcome(
        subscribe(
          client,
          `subscription { conversationUpdated(conversationId: "1") { ${fields} } }`,
        ),
      );
      expect(outcome).toMatchObject({ code: 'GRAPHQL_PARSE_FAILED' });
    } finally {
      await client.dispose();
    }
  });

  it('caps subscriptions per socket and per client', async () => {
    const conversationId = await aConversation(stack, auth);
    const first = subscriptionClient(stack.gateway.graphqlUrl, auth);
    const second = subscriptionClient(stack.gateway.graphqlUrl, auth);
    try {
      const running = [
        subscribe(first.client, UPDATED, { id: conversationId }),
        subscribe(first.client, UPDATED, { id: conversationId }),
      ];
      // Both are running once the gateway has fetched the conversation for each.
      const fetched = () => stack.upstream('GET /conversations/:id').length;
      const pending = running.map((events) => events.next());
      while (fetched() < 2) await new Promise((wake) => setImmediate(wake));
      expect(
        await firstOutcome(subscribe(first.client, UPDATED, { id: conversationId })),
      ).toMatchObject({ code: 'RATE_LIMITED' });
      const third = subscribe(second.client, UPDATED, { id: conversationId });
      const thirdPending = third.next();
      while (fetched() < 3) await new Promise((wake) => setImmediate(wake));
      expect(
        await firstOutcome(subscribe(second.client, UPDATED, { id: conversationId })),
      ).toMatchObject({ code: 'RATE_LIMITED' });
      void pending;
      void thirdPending;
    } finally {
      await first.client.dispose();
      await second.client.dispose();
    }
  });

  it('logs every operation with a request id, and counts it in the metrics', async () => {
    const before = await metricValue(
      stack,
      'gateway_graphql_requests_total{operation="subscription:conversationUpdated",outcome="BAD_USER_INPUT"}',
    );
    const { client } = subscriptionClient(stack.gateway.graphqlUrl, auth);
    try {
      const outcome = await firstOutcome(subscribe(client, UPDATED, { id: '..' }));
      expect(outcome).toMatchObject({ code: 'BAD_USER_INPUT', requestId: expect.any(String) });
      const line = capture
        .entries()
        .find((entry) => entry.requestId === (outcome as { requestId: string }).requestId);
      expect(line).toMatchObject({
        msg: 'graphql request',
        transport: 'websocket',
        client: 'key:socket',
        operation: 'subscription:conversationUpdated',
        outcome: 'BAD_USER_INPUT',
      });
      expect(
        await metricValue(
          stack,
          'gateway_graphql_requests_total{operation="subscription:conversationUpdated",outcome="BAD_USER_INPUT"}',
        ),
      ).toBe(before + 1);
    } finally {
      await client.dispose();
    }
  });

  it('counts failed authentications on both transports', async () => {
    const socketFailures = await metricValue(
      stack,
      'gateway_auth_failures_total{transport="websocket"}',
    );
    const httpFailures = await metricValue(stack, 'gateway_auth_failures_total{transport="http"}');
    const anonymous = subscriptionClient(stack.gateway.graphqlUrl);
    expect((await anonymous.closed).code).toBe(4403);
    await anonymous.client.dispose();
    const answer = await request(stack.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    await answer.body.dump();
    expect(answer.statusCode).toBe(401);
    expect(await metricValue(stack, 'gateway_auth_failures_total{transport="websocket"}')).toBe(
      socketFailures + 1,
    );
    expect(await metricValue(stack, 'gateway_auth_failures_total{transport="http"}')).toBe(
      httpFailures + 1,
    );
    expect(capture.entries().some((entry) => entry.msg === 'authentication failed')).toBe(true);
    expect(capture.lines.join('\n')).not.toContain('Bearer wrong');
  });
});

describe('one request budget across HTTP and WebSocket', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { ...apiKeyEnv([key]), GATEWAY_RATE_LIMIT: '2' } });
  });
  afterAll(() => stack.close());

  it('spends the same budget on both transports', async () => {
    const http = () =>
      request(stack.gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ query: '{ intercomApiVersion }' }),
      }).then(async (response) => {
        await response.body.dump();
        return response.statusCode;
      });
    expect(await http()).toBe(200);
    const { client } = subscriptionClient(stack.gateway.graphqlUrl, auth);
    try {
      // The second request of the window: allowed (it fails on its own id, not the budget).
      expect(await firstOutcome(subscribe(client, UPDATED, { id: '..' }))).toMatchObject({
        code: 'BAD_USER_INPUT',
      });
      expect(await firstOutcome(subscribe(client, UPDATED, { id: '..' }))).toMatchObject({
        code: 'RATE_LIMITED',
        retryAfterSeconds: expect.any(Number),
      });
      expect(await http()).toBe(429);
    } finally {
      await client.dispose();
    }
  });
});

describe('production over WebSocket', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        NODE_ENV: 'production',
        INTERCOM_ACCESS_TOKEN: 'emulator-token',
        GATEWAY_METRICS_PORT: '0',
        ...apiKeyEnv([key]),
      },
    });
  });
  afterAll(() => stack.close());

  it('refuses introspection and hides field suggestions', async () => {
    const { client } = subscriptionClient(stack.gateway.graphqlUrl, auth);
    try {
      const introspection = (await firstOutcome(
        subscribe(
          client,
          'subscription { conversationUpdated(conversationId: "1") { __type: id } __schema { types { name } } }',
        ),
      )) as Record<string, unknown>;
      expect(introspection).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
      const typo = await subscribe(
        client,
        'subscription { conversationUpdate(conversationId: "1") { id } }',
      )
        .next()
        .then(
          () => undefined,
          (errors: Array<{ message: string }>) => errors.map((error) => error.message).join(' '),
        );
      expect(typo).toContain('Cannot query field');
      expect(typo).not.toContain('Did you mean');
    } finally {
      await client.dispose();
    }
  });
});

describe('credentials on a long-lived socket', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: jwtEnv() });
  });
  afterAll(() => stack.close());

  it('closes the socket (4403) when the token expires, ending its subscriptions', async () => {
    const admin = await signJwt({ sub: 'ops', scope: 'messages:admin messages:admin:any' });
    const conversationId = await aConversation(stack, { authorization: `Bearer ${admin}` });
    const token = await signJwt(
      { sub: SEED.users.ponies.externalId, scope: 'conversations:read' },
      { expiresIn: '1s' },
    );
    const { client, closed } = subscriptionClient(stack.gateway.graphqlUrl, {
      authorization: `Bearer ${token}`,
    });
    try {
      const events = subscribe(client, UPDATED, { id: conversationId });
      const ended = events.next().then(
        (result) => result,
        (error: unknown) => error,
      );
      const { code } = await closed;
      expect(code).toBe(4403);
      // The subscription did not outlive its socket.
      expect(await ended).toBeDefined();
    } finally {
      await client.dispose();
    }
  });
});
