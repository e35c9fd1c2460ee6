import { request } from 'undici';
import { SEED } from '../../src/emulator';
import { createLogger } from '../../src/logger';
import { SendAdminMessageDocument, SendUserMessageDocument } from '../../generated/graphql/graphql';
import { apiKeyEnv, newApiKey } from '../helpers/auth';
import { LogCapture } from '../helpers/log-capture';
import { startStack, type Stack } from '../helpers/stack';

const key = newApiKey('observed', ['messages:admin', 'messages:user', 'conversations:read']);
const auth = { authorization: `Bearer ${key.key}` };

let stack: Stack;
const capture = new LogCapture();

beforeAll(async () => {
  stack = await startStack({
    env: { ...apiKeyEnv([key]), INTERCOM_NEW_CONTACT_RETRIES: '0' },
    logger: createLogger('debug', capture),
  });
});
afterAll(() => stack.close());

describe('logs', () => {
  it('carry the request id, operation, outcome, duration and Intercom calls, and no secret or content', async () => {
    const secretBody = 'The launch code is 0000, do not log it';
    const email = 'socrates@email.com';
    await stack.execute(
      SendAdminMessageDocument,
      {
        input: {
          messageType: 'EMAIL',
          subject: 'Very private subject',
          body: secretBody,
          template: 'PLAIN',
          from: { id: '394051' },
          to: { type: 'USER', email },
        },
      },
      { ...auth, 'x-request-id': 'log-test-1' },
    );
    await stack.execute(
      SendUserMessageDocument,
      { input: { from: { type: 'USER', email: 'nobody@example.com' }, body: secretBody } },
      auth,
    );
    const line = capture.lines
      .map((text) => JSON.parse(text))
      .find((entry) => entry.requestId === 'log-test-1');
    expect(line).toMatchObject({
      msg: 'graphql request',
      operation: 'mutation:sendAdminMessage',
      outcome: 'ok',
      client: 'key:observed',
      durationMs: expect.any(Number),
      upstream: [
        { route: 'POST /contacts/search', status: 200, retry: false },
        { route: 'POST /messages', status: 200, retry: false },
      ],
    });
    const everything = capture.lines.join('\n');
    for (const secret of [
      secretBody,
      email,
      'Very private subject',
      key.key,
      stack.emulator.accessToken,
      'nobody@example.com',
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe('requests refused before GraphQL runs them', () => {
  it('each write the same log line and count as any request, with their code', async () => {
    const metricsUrl = `${stack.gateway.url}/metrics`;
    const before = await (await request(metricsUrl)).body.text();
    const refusals: Array<{ id: string; headers: Record<string, string>; body: string }> = [
      // A text/plain POST (a cross-site form could send it), JSON that does not parse, and a
      // JSON body with no query (Apollo's own refusal).
      { id: 'door-1', headers: { ...auth, 'content-type': 'text/plain' }, body: '{}' },
      { id: 'door-2', headers: { ...auth, 'content-type': 'application/json' }, body: '{"q' },
      { id: 'door-3', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' },
    ];
    const codes: string[] = [];
    for (const { id, headers, body } of refusals) {
      const answer = await request(stack.gateway.graphqlUrl, {
        method: 'POST',
        headers: { ...headers, 'x-request-id': id },
        body,
      });
      const { errors } = (await answer.body.json()) as {
        errors: Array<{ extensions: { code: string } }>;
      };
      const code = errors[0]?.extensions.code as string;
      codes.push(code);
      const line = capture.lines.map((text) => JSON.parse(text)).find((e) => e.requestId === id);
      expect(line).toMatchObject({
        msg: 'graphql request',
        transport: 'http',
        operation: 'invalid',
        outcome: code,
      });
    }
    expect(codes).toEqual(['BAD_REQUEST', 'BAD_REQUEST', 'BAD_REQUEST']);
    const text = await (await request(metricsUrl)).body.text();
    const read = (exposition: string, metric: string): number => {
      const line = exposition.split('\n').find((candidate) => candidate.startsWith(metric));
      return line ? Number(line.slice(metric.length).trim()) : 0;
    };
    const counted = (outcome: string) =>
      read(text, `gateway_graphql_requests_total{operation="invalid",outcome="${outcome}"}`) -
      read(before, `gateway_graphql_requests_total{operation="invalid",outcome="${outcome}"}`);
    expect(counted('BAD_REQUEST')).toBe(3);
  });
});

describe('metrics', () => {
  it('count a known sequence of requests exactly', async () => {
    const metricsUrl = `${stack.gateway.url}/metrics`;
    const before = await (await request(metricsUrl)).body.text();
    expect(before).toContain('gateway_graphql_requests_total');

    const send = (id: string) =>
      stack.execute(
        SendAdminMessageDocument,
        {
          input: {
            messageType: 'IN_APP',
            body: 'Hi',
            from: { id },
            to: { type: 'USER', id: SEED.users.ponies.id },
          },
        },
        auth,
      );
    await send('394051');
    await send('394051');
    await send('not-a-number');
    await send('42');
    stack.emulator.control.addFault({
      route: 'POST /messages',
      status: 429,
      headers: { 'retry-after': '0' },
    });
    await send('814860');

    const text = await (await request(metricsUrl)).body.text();
    const read = (exposition: string, metric: string): number => {
      const line = exposition.split('\n').find((candidate) => candidate.startsWith(metric));
      return line ? Number(line.slice(metric.length).trim()) : 0;
    };
    // Counted since `before`: earlier tests used the same gateway.
    const value = (metric: string): number => read(text, metric) - read(before, metric);
    expect(
      value('gateway_graphql_requests_total{operation="mutation:sendAdminMessage",outcome="ok"}'),
    ).toBe(3);
    expect(
      value(
        'gateway_graphql_requests_total{operation="mutation:sendAdminMessage",outcome="BAD_USER_INPUT"}',
      ),
    ).toBe(1);
    expect(
      value(
        'gateway_graphql_requests_total{operation="mutation:sendAdminMessage",outcome="NOT_FOUND"}',
      ),
    ).toBe(1);
    expect(value('gateway_intercom_calls_total{route="POST /messages",status="200"}')).toBe(3);
    expect(value('gateway_intercom_calls_total{route="POST /messages",status="404"}')).toBe(1);
    expect(value('gateway_intercom_calls_total{route="POST /messages",status="429"}')).toBe(1);
    expect(value('gateway_intercom_retries_total{route="POST /messages"}')).toBe(1);
    expect(
      value(
        'gateway_graphql_request_duration_seconds_count{operation="mutation:sendAdminMessage"}',
      ),
    ).toBe(5);
  });
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const response = await request(`${stack.gateway.url}${path}`);
      expect(response.statusCode).toBe(200);
      await response.body.dump();
    }
  });
});
