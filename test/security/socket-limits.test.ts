import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { apiKeyEnv, newApiKey } from '../helpers/auth';
import { metricValue } from '../helpers/metrics';
import { sendToPonies } from '../helpers/send';
import { startStack, type Stack } from '../helpers/stack';
import { subscribe } from '../helpers/subscriptions';
import { until } from '../helpers/until';

const UPDATED = 'subscription ($id: ID!) { conversationUpdated(conversationId: $id) { id } }';
const key = newApiKey('sockets', ['messages:admin', 'conversations:read']);
const other = newApiKey('other', ['conversations:read']);
const bearer = (apiKey: { key: string }) => ({ authorization: `Bearer ${apiKey.key}` });

interface Socket {
  readonly client: Client;
  /** Resolves once the gateway acknowledged `connection_init`. */
  readonly connected: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
}

/** A graphql-ws client that reports both its acknowledgement and its close. */
function openSocket(stack: Stack, connectionParams: Record<string, unknown>): Socket {
  let connected!: () => void;
  let closed!: (event: { code: number; reason: string }) => void;
  const socket: Socket = {
    connected: new Promise<void>((resolve) => (connected = resolve)),
    closed: new Promise((resolve) => (closed = resolve)),
    client: createClient({
      url: stack.gateway.graphqlUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
      on: {
        connected: () => connected(),
        closed: (event) => closed(event as { code: number; reason: string }),
      },
    }),
  };
  return socket;
}

/** The first thing a subscription answers: its data, or its first error's extensions. */
function firstOutcome(events: AsyncIterator<any>): Promise<any> {
  return events.next().then(
    (result) => result.value?.errors?.[0]?.extensions ?? result.value?.data,
    (errors: Array<{ extensions?: Record<string, unknown> }>) => errors[0]?.extensions,
  );
}

describe('WebSocket limits per client', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        ...apiKeyEnv([key, other]),
        GATEWAY_WS_MAX_SOCKETS_PER_CLIENT: '3',
        GATEWAY_WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '20',
        GATEWAY_WS_MAX_SUBSCRIPTIONS_PER_CLIENT: '100',
      },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  it('closes a fourth socket from the same client with 1008, and lets another client in', async () => {
    const refusals = await metricValue(
      stack,
      'gateway_websocket_refusals_total{reason="sockets-per-client"}',
    );
    const open = [openSocket(stack, bearer(key)), openSocket(stack, bearer(key))];
    open.push(openSocket(stack, bearer(key)));
    await Promise.all(open.map((socket) => socket.connected));
    const extra = openSocket(stack, bearer(key));
    const elsewhere = openSocket(stack, bearer(other));
    try {
      expect(await extra.closed).toEqual(
        expect.objectContaining({
          code: 1008,
          reason: 'Too many connections from this client (GATEWAY_WS_MAX_SOCKETS_PER_CLIENT)',
        }),
      );
      await elsewhere.connected;
      expect(
        await metricValue(stack, 'gateway_websocket_refusals_total{reason="sockets-per-client"}'),
      ).toBe(refusals + 1);
      // A closed socket frees its place.
      await open[0]!.client.dispose();
      await open[0]!.closed;
      const again = openSocket(stack, bearer(key));
      await again.connected;
      open.push(again);
      expect(stack.emulator.control.requests()).toEqual([]);
    } finally {
      await Promise.all([...open, extra, elsewhere].map((socket) => socket.client.dispose()));
    }
  });

  it('counts a burst of subscriptions exactly: of 21 at a cap of 20, the 21st is refused', async () => {
    const conversationId = stack.emulator.control.playReply(
      await sendToPonies(stack, bearer(key)),
      'Hi',
    ).id;
    const fetched = () => stack.upstream('GET /conversations/:id').length;
    const socket = openSocket(stack, bearer(key));
    try {
      // All 21 leave in one burst, before the gateway answers any of them.
      const outcomes = Array.from({ length: 21 }, () =>
        firstOutcome(subscribe(socket.client, UPDATED, { id: conversationId })),
      );
      expect(await outcomes[20]).toMatchObject({
        code: 'RATE_LIMITED',
        requestId: expect.any(String),
      });
      // The first 20 run: each fetched its conversation and waits for a change; none ended.
      let ended = 0;
      for (const outcome of outcomes.slice(0, 20)) void outcome.then(() => (ended += 1));
      await until(() => fetched() + ended >= 20);
      expect(ended).toBe(0);
      // The refused one never reached Intercom.
      expect(fetched()).toBe(20);
    } finally {
      await socket.client.dispose();
    }
  });

  it('gives the place of a subscription that ended back', async () => {
    const conversationId = stack.emulator.control.playReply(
      await sendToPonies(stack, bearer(key)),
      'Hi',
    ).id;
    const socket = openSocket(stack, bearer(key));
    try {
      // Twenty that end at once (a conversation Intercom does not have), one after another.
      for (let index = 0; index < 20; index += 1) {
        expect(
          await firstOutcome(subscribe(socket.client, UPDATED, { id: `missing-${index}` })),
        ).toMatchObject({ code: 'NOT_FOUND' });
      }
      const running = Array.from({ length: 20 }, () =>
        firstOutcome(subscribe(socket.client, UPDATED, { id: conversationId })),
      );
      expect(
        await firstOutcome(subscribe(socket.client, UPDATED, { id: conversationId })),
      ).toMatchObject({ code: 'RATE_LIMITED' });
      void running;
    } finally {
      await socket.client.dispose();
    }
  });
});

describe('a maximum lifetime for every socket', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { ...apiKeyEnv([key]), GATEWAY_WS_MAX_LIFETIME_SECONDS: '1' },
    });
  });
  afterAll(() => stack.close());

  it('closes an API key’s socket (its key never expires) with 4403 after GATEWAY_WS_MAX_LIFETIME_SECONDS', async () => {
    const before = await metricValue(stack, 'gateway_websocket_refusals_total{reason="lifetime"}');
    const conversationId = stack.emulator.control.playReply(
      await sendToPonies(stack, bearer(key)),
      'Hi',
    ).id;
    const socket = openSocket(stack, bearer(key));
    try {
      await socket.connected;
      const events = subscribe(socket.client, UPDATED, { id: conversationId });
      const ended = events.next().then(
        () => 'ended',
        () => 'ended',
      );
      expect(await socket.closed).toEqual(
        expect.objectContaining({
          code: 4403,
          reason: 'Forbidden: the connection reached its maximum lifetime',
        }),
      );
      expect(await ended).toBe('ended');
      expect(await metricValue(stack, 'gateway_websocket_refusals_total{reason="lifetime"}')).toBe(
        before + 1,
      );
    } finally {
      await socket.client.dispose();
    }
  });
});
