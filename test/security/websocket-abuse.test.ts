import { once } from 'node:events';
import { request } from 'undici';
import WebSocket from 'ws';
import { apiKeyEnv, newApiKey } from '../helpers/auth';
import { metricValue } from '../helpers/metrics';
import { startStack, type Stack } from '../helpers/stack';
import { eventually, until } from '../helpers/until';

const UPDATED = 'subscription ($id: ID!) { conversationUpdated(conversationId: $id) { id } }';
const key = newApiKey('abuser', ['messages:admin', 'conversations:read']);
const auth = { authorization: `Bearer ${key.key}` };

/** A raw graphql-ws socket, to send what a well-behaved client never would. */
async function rawSocket(stack: Stack): Promise<WebSocket> {
  const socket = new WebSocket(
    stack.gateway.graphqlUrl.replace(/^http/, 'ws'),
    'graphql-transport-ws',
  );
  socket.on('error', () => undefined);
  await once(socket, 'open');
  return socket;
}

/** A raw socket past connection_init, its acknowledgement read. */
async function acknowledgedSocket(stack: Stack): Promise<WebSocket> {
  const socket = await rawSocket(stack);
  socket.send(JSON.stringify({ type: 'connection_init', payload: auth }));
  const [ack] = await once(socket, 'message');
  expect(JSON.parse(String(ack))).toEqual({ type: 'connection_ack' });
  return socket;
}

const closeOf = (socket: WebSocket) => once(socket, 'close').then(([code]) => code as number);

describe('a WebSocket client that abuses the protocol', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        ...apiKeyEnv([key]),
        // Frames of 64 kB: a socket may leave 128 kB of answers unread.
        GATEWAY_MAX_BODY_BYTES: '65536',
        GATEWAY_WS_MAX_SUBSCRIPTIONS_PER_SOCKET: '1',
        GATEWAY_RATE_LIMIT: '6',
      },
    });
  });
  afterAll(() => stack.close());

  it('is closed (1009) for a frame larger than credentials need before connection_init', async () => {
    const socket = await rawSocket(stack);
    const closed = closeOf(socket);
    socket.send(JSON.stringify({ type: 'ping', payload: { pad: 'x'.repeat(20_000) } }));
    expect(await closed).toBe(1009);
  });

  it('answers a ping without its payload', async () => {
    const socket = await rawSocket(stack);
    try {
      socket.send(JSON.stringify({ type: 'ping', payload: { echo: 'SECRET-never-back' } }));
      const [pong] = await once(socket, 'message');
      expect(JSON.parse(String(pong))).toEqual({ type: 'pong' });
    } finally {
      socket.terminate();
    }
  });

  it('cuts off a client that keeps sending and does not read the answers, before they pile up', async () => {
    // No request budget here: every refusal is answered, none refused for the budget.
    const unmetered = await startStack({
      env: { ...apiKeyEnv([key]), GATEWAY_MAX_BODY_BYTES: '65536', GATEWAY_RATE_LIMIT: '0' },
    });
    const socket = await acknowledgedSocket(unmetered);
    try {
      // The client stops reading: once the connection's buffers are full, every answer (here
      // the refusal of a query sent over the socket) would stay in the gateway's memory.
      (socket as unknown as { _socket: { pause(): void } })._socket.pause();
      const closed = once(socket, 'close');
      let open = true;
      void closed.then(() => (open = false));
      // Answers until loopback's buffers are full and 128 kB more wait (tens of thousands);
      // cut off, the client's writes fail and it closes.
      for (let sent = 0; open && sent < 1_000_000; sent += 1000) {
        for (let burst = 0; burst < 1000; burst += 1) {
          const id = String(sent + burst);
          socket.send(
            JSON.stringify({ id, type: 'subscribe', payload: { query: '{ __typename }' } }),
          );
        }
        await new Promise((turn) => setTimeout(turn, 10));
      }
      await closed;
      expect(
        await metricValue(unmetered, 'gateway_websocket_refusals_total{reason="not-reading"}'),
      ).toBe(1);
    } finally {
      socket.terminate();
      await unmetered.close();
    }
    // Tens of thousands of frames: seconds on a machine other suites share.
  }, 60_000);

  it('does not hold a shutdown when it never answers the close handshake', async () => {
    const own = await startStack({ env: apiKeyEnv([key]) });
    const socket = await acknowledgedSocket(own);
    // The client stops reading: the gateway's close frame is never answered.
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    // ws would wait 30 s for the answer, past this test's time: the gateway waits 3 s.
    await own.close();
    socket.terminate();
  });

  it('is closed (4409) when it reuses an id whose subscription is still being set up', async () => {
    const socket = await acknowledgedSocket(stack);
    const closed = closeOf(socket);
    const subscribe = JSON.stringify({
      id: 'x',
      type: 'subscribe',
      payload: { query: UPDATED, variables: { id: '1' } },
    });
    // In one write: the id completed while being set up, then asked for again.
    socket.send(subscribe);
    socket.send(JSON.stringify({ id: 'x', type: 'complete' }));
    socket.send(subscribe);
    expect(await closed).toBe(4409);
    // Nothing the socket started outlives it.
    await eventually(
      () => metricValue(stack, 'gateway_subscriptions_active'),
      (active) => active === 0,
    );
  });

  it('is closed (4400) for a subscription id longer than any client needs, not echoing it', async () => {
    const socket = await acknowledgedSocket(stack);
    const frames: string[] = [];
    socket.on('message', (frame) => frames.push(String(frame)));
    const closed = once(socket, 'close');
    const id = `long-id-${'i'.repeat(1_000)}`;
    socket.send(
      JSON.stringify({
        id,
        type: 'subscribe',
        payload: { query: UPDATED, variables: { id: '1' } },
      }),
    );
    const [code, reason] = await closed;
    expect(code).toBe(4400);
    expect(String(reason)).toBe('Invalid subscription id');
    expect(frames.join('')).not.toContain('long-id-');
    expect(await metricValue(stack, 'gateway_websocket_refusals_total{reason="invalid-id"}')).toBe(
      1,
    );
  });

  it('pays its budget for subscribes refused at the cap: a flood of them runs out of budget', async () => {
    const socket = await acknowledgedSocket(stack);
    try {
      const answers: Array<Record<string, any>> = [];
      socket.on('message', (data) => answers.push(JSON.parse(String(data))));
      // The first takes the socket's one slot; the next five are refused at the cap.
      for (let index = 0; index < 6; index += 1) {
        socket.send(
          JSON.stringify({
            id: `s${index}`,
            type: 'subscribe',
            payload: { query: UPDATED, variables: { id: '1' } },
          }),
        );
      }
      await until(() => answers.filter((answer) => answer.type === 'error').length >= 5);
      // Six subscribes: the budget of six is spent, as it would be by six HTTP requests.
      const answer = await request(stack.gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ query: '{ intercomApiVersion }' }),
      });
      await answer.body.dump();
      expect(answer.statusCode).toBe(429);
    } finally {
      socket.terminate();
    }
  });
});
