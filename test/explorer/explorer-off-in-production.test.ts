import { request } from 'undici';
import { apiKeyEnv, newApiKey } from '../helpers/auth';
import { startStack, type Stack } from '../helpers/stack';

/** Production turns the explorer off: a browser opening /graphql reads why, and how to turn it on. */
describe('a browser opening /graphql in production', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        NODE_ENV: 'production',
        INTERCOM_ACCESS_TOKEN: 'a-token-the-emulator-stands-in-for',
        GATEWAY_METRICS_PORT: '0',
        ...apiKeyEnv([newApiKey('app', ['messages:admin'])]),
      },
    });
  });
  afterAll(() => stack.close());

  it('reads one line: the explorer is off, and the variable that turns it on', async () => {
    const answer = await request(stack.gateway.graphqlUrl, {
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(answer.statusCode).toBe(404);
    expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    const text = await answer.body.text();
    expect(text.trimEnd().split('\n')).toEqual([
      'The explorer is off on this gateway (GATEWAY_EXPLORER=off, the default in production): send GraphQL operations to this URL with POST. To turn it on, set GATEWAY_EXPLORER=graphiql (self-hosted) and restart.',
    ]);
    expect(stack.upstream('POST /messages')).toEqual([]);
  });
});
