import { request } from 'undici';
import { IntercomApiVersionDocument } from '../generated/graphql/graphql';
import { apiKeyEnv, newApiKey } from './helpers/auth';
import { startStack, type Stack } from './helpers/stack';

const apiKey = newApiKey('prod-test', ['messages:admin']);

let stack: Stack;
let production: Stack;

beforeAll(async () => {
  stack = await startStack();
  production = await startStack({
    env: {
      NODE_ENV: 'production',
      INTERCOM_ACCESS_TOKEN: 'emulator-token',
      GATEWAY_METRICS_PORT: '0',
      ...apiKeyEnv([apiKey]),
    },
  });
});
afterAll(async () => {
  await stack.close();
  await production.close();
});

const post = (target: Stack, body: string, headers: Record<string, string> = {}) =>
  request(target.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('the HTTP server', () => {
  it('answers a query and returns the request id it was given', async () => {
    const answer = await stack.execute(
      IntercomApiVersionDocument,
      {},
      { 'x-request-id': 'req-123' },
    );
    expect(answer.body.data?.intercomApiVersion).toBe('2.14');
    expect(answer.headers['x-request-id']).toBe('req-123');
  });

  it('makes a request id when none is given', async () => {
    const answer = await stack.execute(IntercomApiVersionDocument);
    expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers /healthz and 404 elsewhere', async () => {
    const health = await request(`${stack.gateway.url}/healthz`);
    expect(health.statusCode).toBe(200);
    expect(await health.body.json()).toEqual({ status: 'ok' });
    const missing = await request(`${stack.gateway.url}/nope`);
    expect(missing.statusCode).toBe(404);
    await missing.body.dump();
  });

  it('refuses text/plain posts (CSRF prevention)', async () => {
    const response = await request(stack.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ intercomApiVersion }' }),
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(await response.body.json())).toMatch(/Cross-Site Request Forgery/);
  });

  it('refuses a body that is not JSON, and one that is too large', async () => {
    const broken = await post(stack, '{"query":');
    expect(broken.statusCode).toBe(400);
    expect(await broken.body.json()).toMatchObject({
      errors: [{ extensions: { code: 'BAD_REQUEST' } }],
    });
    const huge = await post(
      stack,
      JSON.stringify({ query: `{ intercomApiVersion } # ${'x'.repeat(1_100_000)}` }),
    );
    expect(huge.statusCode).toBe(413);
    await huge.body.dump();
  });

  it('passes GraphQL validation errors through with their code', async () => {
    const response = await post(stack, JSON.stringify({ query: '{ nope }' }));
    const body = (await response.body.json()) as any;
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].extensions).not.toHaveProperty('stacktrace');
  });

  it('serves the Sandbox landing page and introspection outside production', async () => {
    const page = await request(stack.gateway.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(await page.body.text()).toMatch(/sandbox/i);
    const introspection = await post(
      stack,
      JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    );
    expect(((await introspection.body.json()) as any).data.__schema.queryType.name).toBe('Query');
  });

  it('turns both off in production', async () => {
    const page = await request(production.gateway.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(await page.body.text()).not.toMatch(/sandbox/i);
    const introspection = await post(
      production,
      JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
      { authorization: `Bearer ${apiKey.key}` },
    );
    const body = (await introspection.body.json()) as any;
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // Nor does production hint at field names.
    const typo = await post(production, JSON.stringify({ query: '{ intercomApiVersio }' }), {
      authorization: `Bearer ${apiKey.key}`,
    });
    expect(JSON.stringify(await typo.body.json())).not.toMatch(/Did you mean/);
  });
});
