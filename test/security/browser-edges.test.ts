import { request } from 'undici';
import { startStack, type Stack } from '../helpers/stack';

const PAGE_LOAD = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('the pages a browser gets cannot be framed, and run only their own scripts', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('serves the Sandbox page with a strict policy built on its nonce, and no framing', async () => {
    const answer = await request(stack.gateway.graphqlUrl, { headers: PAGE_LOAD });
    const page = await answer.body.text();
    expect(answer.statusCode).toBe(200);
    const nonce = /<script nonce="([0-9a-f]+)"/.exec(page)?.[1];
    expect(nonce).toBeDefined();
    const policy = String(answer.headers['content-security-policy']).split('; ');
    expect(policy).toEqual(
      expect.arrayContaining([
        "default-src 'none'",
        `script-src 'nonce-${nonce}' https://embeddable-sandbox.cdn.apollographql.com`,
        "connect-src 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ]),
    );
    expect(policy.join('; ')).not.toContain('unsafe');
    expect(answer.headers['x-frame-options']).toBe('DENY');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves the self-hosted explorer with no framing either', async () => {
    const answer = await request(`${stack.gateway.url}/graphiql`, { headers: PAGE_LOAD });
    await answer.body.dump();
    expect(answer.headers['x-frame-options']).toBe('DENY');
    expect(String(answer.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('lets a page on an allowed origin send the headers the CSRF refusal recommends', async () => {
    const answer = await request(stack.gateway.graphqlUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-apollo-operation-name,apollo-require-preflight',
      },
    });
    await answer.body.dump();
    expect(answer.statusCode).toBe(204);
    const allowed = String(answer.headers['access-control-allow-headers']).split(',');
    expect(allowed).toEqual(
      expect.arrayContaining(['x-apollo-operation-name', 'apollo-require-preflight']),
    );
  });

  it('gives the CSRF refusal a request id, and sends nothing upstream', async () => {
    const query = encodeURIComponent('{ intercomApiVersion }');
    const answer = await request(`${stack.gateway.graphqlUrl}?query=${query}`, {
      headers: { accept: 'application/json', 'x-request-id': 'csrf-check-1' },
    });
    const body = (await answer.body.json()) as any;
    expect(answer.statusCode).toBe(400);
    expect(answer.headers['x-request-id']).toBe('csrf-check-1');
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('x-apollo-operation-name'),
        extensions: expect.objectContaining({ code: 'BAD_REQUEST', requestId: 'csrf-check-1' }),
      }),
    ]);
    expect(stack.upstream('POST /messages')).toEqual([]);
  });

  it('runs the same GET once it carries x-apollo-operation-name', async () => {
    const query = encodeURIComponent('query Version { intercomApiVersion }');
    const answer = await request(`${stack.gateway.graphqlUrl}?query=${query}`, {
      headers: { accept: 'application/json', 'x-apollo-operation-name': 'Version' },
    });
    expect(answer.statusCode).toBe(200);
    expect(await answer.body.json()).toEqual({ data: { intercomApiVersion: '2.14' } });
  });
});

describe('with the explorer off', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_EXPLORER: 'off' } });
  });
  afterAll(() => stack.close());

  it('answers a browser opening /graphql with one line saying so, not a CSRF error', async () => {
    const answer = await request(stack.gateway.graphqlUrl, { headers: PAGE_LOAD });
    expect(answer.statusCode).toBe(404);
    expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(answer.headers['x-request-id']).toEqual(expect.any(String));
    expect(answer.headers['x-frame-options']).toBe('DENY');
    expect(await answer.body.text()).toBe(
      'The explorer is off on this gateway (GATEWAY_EXPLORER=off, the default in production): send GraphQL operations to this URL with POST. To turn it on, set GATEWAY_EXPLORER=graphiql (self-hosted) and restart.\n',
    );
  });

  it('still runs an operation sent by GET, whatever it accepts', async () => {
    const query = encodeURIComponent('query Version { intercomApiVersion }');
    const answer = await request(`${stack.gateway.graphqlUrl}?query=${query}`, {
      headers: { ...PAGE_LOAD, 'apollo-require-preflight': 'true' },
    });
    expect(answer.statusCode).toBe(200);
    expect(await answer.body.json()).toEqual({ data: { intercomApiVersion: '2.14' } });
  });
});
