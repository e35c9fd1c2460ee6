import { request } from 'undici';
import { gunzipSync } from 'node:zlib';
import { apiKeyEnv, newApiKey } from '../helpers/auth';
import { startStack, type Stack } from '../helpers/stack';

/** What a browser gets at /graphql and /graphiql, per GATEWAY_EXPLORER (the pages themselves run in test/browser/). */
const html = { accept: 'text/html' };

async function get(stack: Stack, path: string, headers: Record<string, string> = {}) {
  const response = await request(`${stack.gateway.url}${path}`, { headers });
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers, body };
}

describe('development default: Apollo Sandbox, falling back to the self-hosted GraphiQL', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('serves Sandbox with a script, allowed by the page’s own nonce, that moves to /graphiql', async () => {
    const page = await get(stack, '/graphql', html);
    expect(page.status).toBe(200);
    const text = page.body.toString();
    expect(text).toContain('embeddable-sandbox.cdn.apollographql.com');
    const nonce = /'nonce-([^']+)'/.exec(text)?.[1];
    expect(nonce).toBeDefined();
    expect(text).toContain(
      `<script nonce="${nonce}">if (!window.EmbeddedSandbox) window.location.replace("/graphiql");</script>`,
    );
  });

  it('serves GraphiQL from its own files, under a policy that allows nothing else', async () => {
    const page = await get(stack, '/graphiql', html);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
    const text = page.body.toString();
    expect(text).toContain('<script src="/graphiql/assets/graphiql.js"></script>');
    expect(text).not.toMatch(/https?:\/\//);
  });

  it('serves the bundle gzipped when asked, and 304 for a copy the browser has', async () => {
    const plain = await get(stack, '/graphiql/assets/graphiql.js');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const zipped = await get(stack, '/graphiql/assets/graphiql.js', { 'accept-encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    const again = await get(stack, '/graphiql/assets/graphiql.js', {
      'if-none-match': String(plain.headers.etag),
    });
    expect(again.status).toBe(304);
    expect((await get(stack, '/graphiql/assets/graphiql.css')).status).toBe(200);
  });

  it.each([
    '/graphiql/assets/../../package.json',
    '/graphiql/assets/%2e%2e%2fpackage.json',
    '/graphiql/assets/main.js',
    '/graphiql/other',
  ])('answers 404 for %s', async (path) => {
    expect((await get(stack, path)).status).toBe(404);
  });
});

describe('GATEWAY_EXPLORER=graphiql', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_EXPLORER: 'graphiql' } });
  });
  afterAll(() => stack.close());

  it('serves GraphiQL at /graphql itself, without Apollo’s CDN', async () => {
    const page = await get(stack, '/graphql', html);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('/graphiql/assets/graphiql.js');
    expect(page.body.toString()).not.toContain('apollographql.com');
  });
});

describe('production: no explorer unless asked', () => {
  const key = newApiKey('ops', ['messages:admin']);
  const production = {
    NODE_ENV: 'production',
    INTERCOM_ACCESS_TOKEN: 'set-by-the-stack',
    GATEWAY_METRICS_PORT: '0',
    ...apiKeyEnv([key]),
  };

  it('serves neither Sandbox nor GraphiQL by default', async () => {
    const stack = await startStack({ env: production });
    try {
      const page = await get(stack, '/graphql', html);
      expect(page.body.toString()).not.toContain('<html');
      expect((await get(stack, '/graphiql', html)).status).toBe(404);
      expect((await get(stack, '/graphiql/assets/graphiql.js')).status).toBe(404);
    } finally {
      await stack.close();
    }
  });

  it('serves GraphiQL when GATEWAY_EXPLORER=graphiql says so', async () => {
    const stack = await startStack({ env: { ...production, GATEWAY_EXPLORER: 'graphiql' } });
    try {
      expect((await get(stack, '/graphiql', html)).status).toBe(200);
    } finally {
      await stack.close();
    }
  });
});
