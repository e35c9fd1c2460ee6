import { request } from 'undici';
import { jwtEnv, signJwt } from '../helpers/auth';
import { LogCapture } from '../helpers/log-capture';
import { createLogger } from '../../src/logger';
import { startStack, type Stack } from '../helpers/stack';

/** GATEWAY_METRICS_PORT: /metrics on a listener of its own, and nowhere on the public port. */
describe('/metrics on its own port', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_METRICS_PORT: '0' } });
  });
  afterAll(() => stack.close());

  it('is served on the metrics port, which is not the public one', async () => {
    const metricsUrl = new URL(String(stack.gateway.metricsUrl));
    expect(metricsUrl.pathname).toBe('/metrics');
    expect(metricsUrl.port).not.toBe(new URL(stack.gateway.url).port);
    const response = await request(metricsUrl);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(await response.body.text()).toContain('gateway_graphql_requests_total');
  });

  it('is refused on the public port, like any unknown path', async () => {
    const response = await request(`${stack.gateway.url}/metrics`);
    expect(response.statusCode).toBe(404);
    expect(await response.body.json()).toEqual({ error: 'Not found. GraphQL is at /graphql.' });
  });

  it('serves nothing else on the metrics port', async () => {
    const origin = new URL(String(stack.gateway.metricsUrl)).origin;
    const graphql = await request(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(graphql.statusCode).toBe(404);
    expect(await graphql.body.json()).toEqual({
      error: 'Not found. This port serves GET /metrics only.',
    });
    expect(stack.upstream('POST /messages')).toEqual([]);
  });
});

describe('/metrics without GATEWAY_METRICS_PORT', () => {
  it('stays on the public port, as before', async () => {
    const stack = await startStack();
    try {
      expect(stack.gateway.metricsUrl).toBe(`${stack.gateway.url}/metrics`);
      const response = await request(`${stack.gateway.url}/metrics`);
      expect(response.statusCode).toBe(200);
      await response.body.dump();
    } finally {
      await stack.close();
    }
  });

  // Its counts by route and status would tell a person's token which conversation ids exist
  // (404 against 200 on GET /conversations/:id).
  it('is not served on the public port with GATEWAY_AUTH=jwt, and says so at start', async () => {
    const capture = new LogCapture();
    const stack = await startStack({ env: jwtEnv(), logger: createLogger('info', capture) });
    try {
      expect(stack.gateway.metricsUrl).toBeUndefined();
      const token = await signJwt({ sub: 'person-1', scope: 'conversations:read' });
      for (const headers of [{}, { authorization: `Bearer ${token}` }]) {
        const response = await request(`${stack.gateway.url}/metrics`, { headers });
        expect(response.statusCode).toBe(404);
        expect(await response.body.json()).toEqual({ error: 'Not found. GraphQL is at /graphql.' });
      }
      expect(capture.entries()).toContainEqual(
        expect.objectContaining({
          level: 40,
          msg: expect.stringMatching(/^\/metrics is not served: with GATEWAY_AUTH=jwt/),
        }),
      );
    } finally {
      await stack.close();
    }
  });
});
