import { Socket } from 'node:net';
import { request } from 'undici';
import { SEED } from '../../src/emulator';
import { createLogger } from '../../src/logger';
import { SendAdminMessageDocument } from '../../generated/graphql/graphql';
import { apiKeyEnv, jwtEnv, JWT_SECRET, newApiKey, signJwt } from '../helpers/auth';
import { LogCapture } from '../helpers/log-capture';
import { metricValue } from '../helpers/metrics';
import { startStack, type Stack } from '../helpers/stack';
import { eventually, until } from '../helpers/until';
import { notification } from '../helpers/webhooks';
import { signWebhook } from '../../src/webhooks/signature';
import { SignJWT } from 'jose';

const key = newApiKey('guarded', ['messages:admin', 'conversations:read']);
const auth = { authorization: `Bearer ${key.key}` };

async function post(stack: Stack, body: string, headers: Record<string, string> = {}) {
  const response = await request(stack.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth, ...headers },
    body,
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    text: await response.body.text(),
  };
}

describe('HTTP refusals', () => {
  let stack: Stack;
  const capture = new LogCapture();
  beforeAll(async () => {
    stack = await startStack({ env: apiKeyEnv([key]), logger: createLogger('info', capture) });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  it('runs no operation for a page load that carries one: GET ?query= needs credentials', async () => {
    const sneaky = await request(
      `${stack.gateway.graphqlUrl}?query=${encodeURIComponent('{ intercomApiVersion }')}`,
      { headers: { accept: 'application/json, text/html' } },
    );
    expect(sneaky.statusCode).toBe(401);
    expect(await sneaky.body.text()).not.toContain('intercomApiVersion":');
    const page = await request(stack.gateway.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    await page.body.dump();
  });

  it.each([
    ['a syntax error', '{ intercomApiVersion '],
    ['a document over the token limit', `{ ${'__typename '.repeat(1200)}}`],
  ])(
    'answers %s with 400 GRAPHQL_PARSE_FAILED, a request id, a log line and a metric',
    async (_, query) => {
      const before = await metricValue(
        stack,
        'gateway_graphql_requests_total{operation="invalid",outcome="GRAPHQL_PARSE_FAILED"}',
      );
      const answer = await post(stack, JSON.stringify({ query }), {
        'x-request-id': `parse-${query.length}`,
      });
      expect(answer.status).toBe(400);
      expect(answer.headers['x-request-id']).toBe(`parse-${query.length}`);
      expect(JSON.parse(answer.text).errors[0].extensions).toMatchObject({
        code: 'GRAPHQL_PARSE_FAILED',
        requestId: `parse-${query.length}`,
      });
      expect(capture.entries().some((entry) => entry.requestId === `parse-${query.length}`)).toBe(
        true,
      );
      expect(
        await metricValue(
          stack,
          'gateway_graphql_requests_total{operation="invalid",outcome="GRAPHQL_PARSE_FAILED"}',
        ),
      ).toBe(before + 1);
    },
  );

  it('refuses variables GraphQL cannot coerce with field errors that repeat none of the values', async () => {
    const secrets = ['SECRET_ENUM_VALUE', 'secret-field-name', 'secret body 123'];
    const answer = await post(
      stack,
      JSON.stringify({
        query:
          'mutation ($input: SendAdminMessageInput!) { sendAdminMessage(input: $input) { id } }',
        variables: {
          input: {
            messageType: 'SECRET_ENUM_VALUE',
            body: 'secret body 123',
            from: { id: '394051', 'secret-field-name': 1 },
            to: { id: SEED.users.ponies.id },
          },
        },
      }),
    );
    expect(answer.status).toBe(400);
    for (const secret of secrets) expect(answer.text).not.toContain(secret);
    const error = JSON.parse(answer.text).errors[0];
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.fieldErrors).toEqual(
      expect.arrayContaining([
        { field: 'input.messageType', message: 'messageType must be one of IN_APP, EMAIL.' },
        { field: 'input.from', message: 'from has a field its type does not define.' },
        { field: 'input.to.type', message: 'type is required.' },
      ]),
    );
    expect(stack.emulator.control.requests()).toEqual([]);
    // graphql-js's own refusal, which repeats the values, is neither answered nor logged.
    const logged = JSON.stringify(capture.entries());
    expect(logged).toContain('"outcome":"BAD_USER_INPUT"');
    for (const secret of secrets) expect(logged).not.toContain(secret);
  });

  it('logs a client that hangs up mid-body as a client event, not an error', async () => {
    const before = await metricValue(stack, 'gateway_client_aborts_total');
    const url = new URL(stack.gateway.graphqlUrl);
    const socket = new Socket();
    await new Promise<void>((resolve) => socket.connect(Number(url.port), url.hostname, resolve));
    // Headers and part of the body, flushed; then the client hangs up.
    await new Promise((written) =>
      socket.write(
        `POST /graphql HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\nauthorization: Bearer ${key.key}\r\ncontent-length: 1000\r\n\r\n{"query":`,
        written,
      ),
    );
    socket.destroy();
    await until(() =>
      capture.entries().some((entry) => entry.msg === 'client aborted the request'),
    );
    const aborted = capture.entries().find((entry) => entry.msg === 'client aborted the request');
    expect(aborted?.level).toBe(30);
    expect(capture.entries().filter((entry) => entry.level >= 50)).toEqual([]);
    expect(await metricValue(stack, 'gateway_client_aborts_total')).toBe(before + 1);
  });
});

describe('a client that drips its request', () => {
  let stack: Stack;
  const capture = new LogCapture();
  beforeAll(async () => {
    stack = await startStack({
      env: { ...apiKeyEnv([key]), GATEWAY_REQUEST_TIMEOUT_MS: '1000' },
      logger: createLogger('info', capture),
    });
  });
  afterAll(() => stack.close());

  it('is answered 408 and cut off once GATEWAY_REQUEST_TIMEOUT_MS is over, webhook or GraphQL', async () => {
    const url = new URL(stack.gateway.graphqlUrl);
    for (const path of ['/webhooks/intercom', '/graphql']) {
      const socket = new Socket();
      await new Promise<void>((resolve) => socket.connect(Number(url.port), url.hostname, resolve));
      let answer = '';
      socket.on('data', (chunk) => (answer += String(chunk)));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      // Headers and a few bytes of a body announced at 100 kB; then nothing more.
      socket.write(
        `POST ${path} HTTP/1.1\r\nhost: ${url.host}\r\nauthorization: Bearer ${key.key}\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{"a":`,
      );
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    }
    // Counted and logged as timeouts, not as clients that hung up.
    await until(
      () =>
        capture.entries().filter((entry) => entry.msg?.startsWith('request timed out')).length ===
        2,
    );
    expect(await metricValue(stack, 'gateway_request_timeouts_total')).toBe(2);
    expect(await metricValue(stack, 'gateway_client_aborts_total')).toBe(0);
    expect(capture.entries().filter((entry) => entry.level >= 50)).toEqual([]);
  });
});

describe('webhook bodies read at once', () => {
  let stack: Stack;
  beforeAll(async () => {
    // 16 at once, so 2 from one address; the address is X-Forwarded-For's (one proxy trusted).
    stack = await startStack({
      env: { WEBHOOK_MAX_CONCURRENT_READS: '16', GATEWAY_TRUST_PROXY: '1' },
    });
  });
  afterAll(() => stack.close());

  /** A connection from `address` that sends a webhook's headers and part of its body, then waits. */
  async function heldWebhook(address: string): Promise<Socket> {
    const url = new URL(stack.gateway.url);
    const socket = new Socket();
    await new Promise<void>((resolve) => socket.connect(Number(url.port), url.hostname, resolve));
    socket.on('error', () => undefined);
    socket.write(
      `POST /webhooks/intercom HTTP/1.1\r\nhost: ${url.host}\r\nx-forwarded-for: ${address}\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{"a":`,
    );
    return socket;
  }

  /** A signed delivery from `address`. */
  async function deliver(address: string) {
    const body = notification('215470000000001');
    const answer = await request(`${stack.gateway.url}/webhooks/intercom`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': address,
        'x-hub-signature': signWebhook(body, stack.emulator.webhookSecret),
      },
      body,
    });
    await answer.body.dump();
    return answer;
  }

  it('answers 503, unread, past an eighth of them from one address or past all of them', async () => {
    const held = [await heldWebhook('203.0.113.7'), await heldWebhook('203.0.113.7')];
    // That address's two reads are under way: a third from it is turned away, another's is not.
    const busy = await eventually(
      () => deliver('203.0.113.7'),
      (answer) => answer.statusCode === 503,
    );
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.headers.connection).toBe('close');
    expect((await deliver('198.51.100.1')).statusCode).toBe(200);
    // Every read taken, two by each of eight addresses: every address is turned away.
    for (let address = 1; address <= 7; address += 1) {
      held.push(await heldWebhook(`192.0.2.${address}`), await heldWebhook(`192.0.2.${address}`));
    }
    await eventually(
      () => deliver('198.51.100.1'),
      (answer) => answer.statusCode === 503,
    );
    expect(await metricValue(stack, 'gateway_webhooks_total{outcome="busy"}')).toBeGreaterThan(1);
    for (const socket of held) socket.destroy();
    const taken = await eventually(
      () => deliver('203.0.113.7'),
      (answer) => answer.statusCode !== 503,
    );
    expect(taken.statusCode).toBe(200);
  });
});

describe('JWT identity', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: jwtEnv() });
  });
  afterAll(() => stack.close());

  const statusWith = async (token: string) =>
    (
      await post(stack, JSON.stringify({ query: '{ intercomApiVersion }' }), {
        authorization: `Bearer ${token}`,
      })
    ).status;

  /** A token signed with the gateway's secret, with exactly these claims. */
  const raw = (claims: Record<string, unknown>) =>
    new SignJWT({ iss: 'https://auth.example.com/', aud: 'intercom-messages-gateway', ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(JWT_SECRET));
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses a token without exp, one valid for longer than allowed, and one that names nobody', async () => {
    expect(await statusWith(await raw({ sub: 'a', iat: now() }))).toBe(401);
    expect(await statusWith(await raw({ sub: 'a', iat: now(), exp: now() + 3 * 86_400 }))).toBe(
      401,
    );
    expect(await statusWith(await raw({ iat: now(), exp: now() + 60 }))).toBe(401);
    expect(await statusWith(await raw({ sub: 'a', iat: now(), exp: now() + 60 }))).toBe(200);
  });

  it('keeps people apart whose sub values would collide around a colon', async () => {
    const send = async (sub: string, idempotencyKey: string) => {
      const token = await signJwt({ sub, scope: 'messages:admin messages:admin:any' });
      const answer = await stack.execute(
        SendAdminMessageDocument,
        {
          input: {
            messageType: 'IN_APP',
            body: `From ${sub}`,
            from: { id: '394051' },
            to: { type: 'USER', id: SEED.users.ponies.id },
            idempotencyKey,
          },
        },
        { authorization: `Bearer ${token}` },
      );
      return answer.body;
    };
    const first = await send('a', 'b:k');
    const second = await send('a:b', 'k');
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    expect(second.data?.sendAdminMessage.id).not.toBe(first.data?.sendAdminMessage.id);
  });
});
