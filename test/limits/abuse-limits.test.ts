import { request } from 'undici';
import { SEED } from '../../src/emulator';
import { IntercomApiVersionDocument } from '../../generated/graphql/graphql';
import { apiKeyEnv, newApiKey } from '../helpers/auth';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    env: {
      GATEWAY_MAX_DEPTH: '3',
      GATEWAY_MAX_ALIASES: '2',
      GATEWAY_MAX_TOKENS: '80',
      GATEWAY_MAX_DIRECTIVES: '2',
      GATEWAY_MAX_COST: '15',
      GATEWAY_MAX_BODY_BYTES: '4096',
    },
  });
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.control.reset());

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await request(stack.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    body: (await response.body.json()) as any,
  };
}

const contact = `contact: { type: USER, id: "${SEED.users.ponies.id}" }`;

describe('abuse limits', () => {
  it.each([
    [
      'depth',
      `{ conversationForMessage(messageId: "1", ${contact}) { source { author { id } } } }`,
      /depth/i,
    ],
    [
      'aliases',
      '{ a: intercomApiVersion b: intercomApiVersion c: intercomApiVersion }',
      /aliases/i,
    ],
    [
      'directives',
      '{ intercomApiVersion @include(if: true) ... on Query @include(if: true) { intercomApiVersion } ... on Query @include(if: true) { intercomApiVersion } }',
      /directives/i,
    ],
    [
      'tokens',
      `{ ${Array.from({ length: 30 }, (_, i) => `f${i}: intercomApiVersion`).join(' ')} }`,
      /token/i,
    ],
    [
      'cost',
      `{ x: conversationForMessage(messageId: "1", ${contact}) { id createdAt updatedAt state open read partsCount contacts { id type externalId } source { id type body subject deliveredAs } } }`,
      /cost/i,
    ],
  ])('refuses a query over the %s limit, before Intercom', async (_limit, query, message) => {
    const answer = await post({ query });
    expect(answer.body.errors?.[0]?.message).toMatch(message);
    expect(answer.body.errors?.[0]?.extensions?.code).toMatch(
      /^GRAPHQL_(VALIDATION|PARSE)_FAILED$/,
    );
    expect(answer.body.data).toBeUndefined();
    expect(stack.emulator.control.requests()).toEqual([]);
  });

  it('refuses a body over the size limit with 413', async () => {
    const answer = await post({ query: `{ intercomApiVersion } # ${'x'.repeat(5000)}` });
    expect(answer.status).toBe(413);
    expect(answer.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses batched operations', async () => {
    const answer = await post([
      { query: '{ intercomApiVersion }' },
      { query: '{ intercomApiVersion }' },
    ]);
    expect(answer.status).toBe(400);
  });

  it('answers a query within every limit', async () => {
    const answer = await stack.execute(IntercomApiVersionDocument);
    expect(answer.body.data?.intercomApiVersion).toBe('2.14');
  });
});

describe('per-client rate limit', () => {
  let limited: Stack;
  beforeAll(async () => {
    limited = await startStack({
      env: { GATEWAY_RATE_LIMIT: '2', GATEWAY_RATE_LIMIT_WINDOW_SECONDS: '60' },
    });
  });
  afterAll(() => limited.close());

  it('answers RATE_LIMITED with retryAfterSeconds past the budget, before Intercom', async () => {
    const mutation = {
      query: `mutation { sendUserMessage(input: { from: { type: USER, id: "${SEED.users.ponies.id}" }, body: "Hey" }) { id } }`,
    };
    const answers = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await request(limited.gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(mutation),
      });
      answers.push({
        status: response.statusCode,
        headers: response.headers,
        body: (await response.body.json()) as any,
      });
    }
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    expect(answers[2]?.body.errors[0].extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: expect.any(Number),
    });
    expect(Number(answers[2]?.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.upstream('POST /messages')).toHaveLength(2);
  });
});

describe('per-client rate limit behind a proxy', () => {
  let proxied: Stack;
  beforeAll(async () => {
    proxied = await startStack({ env: { GATEWAY_RATE_LIMIT: '1', GATEWAY_TRUST_PROXY: 'true' } });
  });
  afterAll(() => proxied.close());

  // The proxy appends the address it saw: the rightmost entry. Whatever stands left of it the
  // client wrote itself, so a fresh spoofed entry per request must not buy a fresh budget.
  it('counts each client by the entry its proxy wrote, whatever the client put before it', async () => {
    let spoof = 0;
    const from = (address: string) =>
      request(proxied.gateway.graphqlUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': `192.0.2.${(spoof += 1)}, ${address}`,
        },
        body: JSON.stringify({ query: '{ intercomApiVersion }' }),
      }).then(async (response) => {
        await response.body.dump();
        return response.statusCode;
      });
    expect(await from('203.0.113.7')).toBe(200);
    expect(await from('198.51.100.9')).toBe(200);
    expect(await from('203.0.113.7')).toBe(429);
  });

  // No proxy writes anything but an address: other text came from a client that reached the
  // gateway around the proxy, and counts as the socket's address.
  it('counts an entry that is not an address as the connection it came on', async () => {
    const asWritten = (entry: string) =>
      request(proxied.gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': entry },
        body: JSON.stringify({ query: '{ intercomApiVersion }' }),
      }).then(async (response) => {
        await response.body.dump();
        return response.statusCode;
      });
    expect(await asWritten(`not-an-address-${'x'.repeat(4000)}`)).toBe(200);
    expect(await asWritten('another <script> entry')).toBe(429);
  });
});

describe('CORS', () => {
  let withCors: Stack;
  beforeAll(async () => {
    withCors = await startStack({ env: { GATEWAY_CORS_ORIGINS: 'https://app.example.com' } });
  });
  afterAll(() => withCors.close());

  const preflight = (origin: string) =>
    request(withCors.gateway.graphqlUrl, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });

  it('allows listed origins, with credentials', async () => {
    const response = await preflight('https://app.example.com');
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(response.headers['access-control-allow-credentials']).toBe('true');
    await response.body.dump();
  });

  it('gives other origins no CORS headers at all', async () => {
    const response = await preflight('https://evil.example.com');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    await response.body.dump();
  });
});

describe('CORS defaults', () => {
  let development: Stack;
  let production: Stack;
  beforeAll(async () => {
    development = await startStack();
    const key = newApiKey('cors', ['messages:admin']);
    production = await startStack({
      env: {
        NODE_ENV: 'production',
        INTERCOM_ACCESS_TOKEN: 'emulator-token',
        GATEWAY_METRICS_PORT: '0',
        ...apiKeyEnv([key]),
      },
    });
  });
  afterAll(async () => {
    await development.close();
    await production.close();
  });

  const allowedOrigin = async (stack: Stack, origin: string) => {
    const response = await request(stack.gateway.graphqlUrl, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    await response.body.dump();
    return response.headers['access-control-allow-origin'];
  };

  it('in development with no list, allows pages on this machine (any port) and Apollo Sandbox', async () => {
    for (const origin of [
      'http://localhost:5173',
      'http://127.0.0.1:3000',
      'https://studio.apollographql.com',
    ]) {
      expect(await allowedOrigin(development, origin)).toBe(origin);
    }
    expect(await allowedOrigin(development, 'https://evil.example.com')).toBeUndefined();
    expect(await allowedOrigin(development, 'http://localhost.evil.example.com')).toBeUndefined();
  });

  it('in production allows only the configured list', async () => {
    expect(await allowedOrigin(production, 'http://localhost:5173')).toBeUndefined();
    expect(await allowedOrigin(production, 'https://studio.apollographql.com')).toBeUndefined();
  });
});
