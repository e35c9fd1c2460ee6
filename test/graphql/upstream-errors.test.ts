import { createServer, type AddressInfo, type Socket } from 'node:net';
import { SEED, startEmulator } from '../../src/emulator';
import {
  ConversationDocument,
  SendAdminMessageDocument,
  SendUserMessageDocument,
  type SendAdminMessageInput,
} from '../../generated/graphql/graphql';
import { startStack, type Stack } from '../helpers/stack';

const ponies: SendAdminMessageInput = {
  messageType: 'EMAIL',
  subject: 'Hey',
  body: 'Ponies, cute small horses or something more sinister?',
  template: 'PLAIN',
  from: { id: '394051' },
  to: { type: 'USER', id: SEED.users.ponies.id },
};

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ env: { INTERCOM_TIMEOUT_MS: '500' } });
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.control.reset());

const attempts = () => stack.upstream('POST /messages').length;
const created = () => stack.emulator.control.counts().messages;
const send = (input: SendAdminMessageInput = ponies) =>
  stack.execute(SendAdminMessageDocument, { input });
const errorOf = (answer: Awaited<ReturnType<typeof send>>) => {
  expect(answer.body.errors).toHaveLength(1);
  const [error] = answer.body.errors ?? [];
  expect(JSON.stringify(error)).not.toMatch(/stack|emulator-token|Bearer|\/work\//i);
  return error as { message: string; extensions: Record<string, any> };
};

describe('Intercom errors reach the client as stable codes', () => {
  it('401: UPSTREAM_AUTH_FAILED, a server problem', async () => {
    const wrongToken = await startStack({ upstreamToken: 'revoked-token' });
    try {
      const error = errorOf(await wrongToken.execute(SendAdminMessageDocument, { input: ponies }));
      expect(error.extensions).toMatchObject({
        code: 'UPSTREAM_AUTH_FAILED',
        mayHaveBeenSent: false,
        intercom: { status: 401, code: 'unauthorized', requestId: expect.any(String) },
        requestId: expect.any(String),
      });
      expect(error.message).toMatch(/Your request was fine/);
      expect(JSON.stringify(error)).not.toContain('revoked-token');
    } finally {
      await wrongToken.close();
    }
  });

  it('403 for the plan: UPSTREAM_AUTH_FAILED', async () => {
    stack.emulator.control.addFault({
      route: 'POST /messages',
      status: 403,
      code: 'api_plan_restricted',
      message: 'Active subscription needed.',
    });
    const error = errorOf(await send());
    expect(error.extensions).toMatchObject({
      code: 'UPSTREAM_AUTH_FAILED',
      intercom: { status: 403, code: 'api_plan_restricted' },
    });
  });

  it('an unknown admin: NOT_FOUND with Intercom’s reason, asked once', async () => {
    const error = errorOf(await send({ ...ponies, from: { id: '1' } }));
    expect(error.message).toBe('Intercom found no such admin: Admin not found');
    expect(error.extensions).toMatchObject({
      code: 'NOT_FOUND',
      intercom: { status: 404, code: 'admin_not_found' },
    });
    // An admin is never "created moments ago": no contact-creation retries.
    expect(attempts()).toBe(1);
    expect(created()).toBe(0);
  });

  it('an unknown contact: NOT_FOUND after the new-contact retries, with Intercom’s reason', async () => {
    const error = errorOf(await send({ ...ponies, to: { type: 'USER', id: 'nobody' } }));
    expect(error.message).toBe(
      'Intercom found no such contact (User Not Found), or it was created moments ago and cannot be messaged yet.',
    );
    expect(error.extensions).toMatchObject({
      code: 'NOT_FOUND',
      intercom: { status: 404, code: 'not_found' },
    });
    expect(attempts()).toBeGreaterThan(1);
    expect(created()).toBe(0);
  });

  it('an unknown contact email on 2.x: NOT_FOUND before any send', async () => {
    const error = errorOf(
      await send({ ...ponies, to: { type: 'USER', email: 'nobody@example.com' } }),
    );
    expect(error).toMatchObject({
      message: 'No Intercom user has that email.',
      extensions: { code: 'NOT_FOUND' },
    });
    expect(attempts()).toBe(0);
  });

  it('an email to an unsubscribed user: RECIPIENT_UNSUBSCRIBED', async () => {
    const error = errorOf(
      await send({ ...ponies, to: { type: 'USER', id: SEED.users.unsubscribed.id } }),
    );
    expect(error.extensions).toMatchObject({
      code: 'RECIPIENT_UNSUBSCRIBED',
      mayHaveBeenSent: false,
      intercom: { status: 403 },
    });
  });

  it('another 4xx: UPSTREAM_REJECTED with Intercom’s reason', async () => {
    stack.emulator.control.addFault({
      route: 'POST /messages',
      status: 422,
      code: 'parameter_invalid',
      message: 'Body is too long',
    });
    const error = errorOf(await send());
    expect(error.message).toBe('Intercom refused the request: Body is too long');
    expect(error.extensions).toMatchObject({
      code: 'UPSTREAM_REJECTED',
      intercom: { status: 422, code: 'parameter_invalid' },
    });
  });

  it('a 4xx whose reason quotes a value, and whose code and request id are not identifiers: none of them relayed', async () => {
    stack.emulator.control.addFault({
      route: 'POST /messages',
      status: 400,
      body: {
        type: 'error.list',
        request_id: 'r'.repeat(100_000),
        errors: [
          {
            code: `<script>${'C'.repeat(50_000)}`,
            message: 'User with email victim@example.com "not found"',
          },
        ],
      },
    });
    const answer = await send();
    const error = errorOf(answer);
    expect(error.message).toBe('Intercom refused the request.');
    expect(error.extensions).toMatchObject({
      code: 'UPSTREAM_REJECTED',
      intercom: { status: 400, code: null, requestId: null },
    });
    const text = JSON.stringify(answer.body);
    for (const relayed of ['victim', '<script>', 'rrrr']) expect(text).not.toContain(relayed);
  });

  it('a 500: UPSTREAM_UNAVAILABLE, one attempt, may have been sent', async () => {
    stack.emulator.control.addFault({
      route: 'POST /messages',
      status: 500,
      times: 0,
      handle: true,
    });
    const error = errorOf(await send());
    expect(error.extensions).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      mayHaveBeenSent: true,
      intercom: { status: 500 },
    });
    expect(error.message).toMatch(/may have been sent/);
    expect(attempts()).toBe(1);
    expect(created()).toBe(1);
  });

  it('a timeout: UPSTREAM_TIMEOUT, one attempt, may have been sent', async () => {
    stack.emulator.control.addFault({ route: 'POST /messages', action: 'hang', handle: true });
    const error = errorOf(await send());
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', mayHaveBeenSent: true });
    expect(attempts()).toBe(1);
  });

  it('a body that never finishes: UPSTREAM_TIMEOUT', async () => {
    stack.emulator.control.addFault({ route: 'POST /messages', action: 'incomplete-body' });
    const error = errorOf(await send());
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', mayHaveBeenSent: true });
    expect(attempts()).toBe(1);
  });

  it("a body dripped out a byte at a time: UPSTREAM_TIMEOUT at the call's deadline", async () => {
    // Each byte comes well within the gap allowed between chunks; only the deadline ends it.
    stack.emulator.control.addFault({ route: 'POST /messages', action: 'drip-body' });
    const error = errorOf(await send());
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', mayHaveBeenSent: true });
    expect(attempts()).toBe(1);
  });

  it("interim answers (102) every 200 ms and no final one: UPSTREAM_TIMEOUT at the call's deadline", async () => {
    // Each one comes well within the wait allowed for headers, which undici starts again at each.
    stack.emulator.control.addFault({ route: 'POST /messages', action: 'drip-informational' });
    const error = errorOf(await send());
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', mayHaveBeenSent: true });
    expect(attempts()).toBe(1);
  });

  it('a reset connection: UPSTREAM_UNAVAILABLE, one attempt', async () => {
    stack.emulator.control.addFault({ route: 'POST /messages', action: 'reset' });
    const error = errorOf(await send());
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', mayHaveBeenSent: true });
    expect(attempts()).toBe(1);
  });

  it('a body that is not JSON: UPSTREAM_BAD_RESPONSE', async () => {
    stack.emulator.control.addFault({ route: 'POST /messages', action: 'malformed-json' });
    const error = errorOf(await send());
    expect(error.extensions).toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      mayHaveBeenSent: true,
    });
  });

  it("a message id that is not the shape of Intercom's: UPSTREAM_BAD_RESPONSE, may have been sent, nothing of it relayed", async () => {
    stack.emulator.control.addFault({
      route: 'POST /messages',
      status: 200,
      body: {
        type: 'admin_message',
        id: 'x'.repeat(100_000),
        created_at: 1_700_000_000,
        body: 'Hi',
      },
    });
    const answer = await send();
    const error = errorOf(answer);
    expect(error.extensions).toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      mayHaveBeenSent: true,
    });
    expect(JSON.stringify(answer.body)).not.toContain('xxxx');
  });

  it('fields of a message answer longer than Intercom gives are left out, the send stands', async () => {
    stack.emulator.control.addFault({
      route: 'POST /messages',
      status: 200,
      body: {
        type: 'admin_message',
        id: '403918396',
        created_at: 1_700_000_000,
        body: 'B'.repeat(200_000),
        message_type: 'inapp',
        conversation_id: `c${'1'.repeat(100_000)}`,
        owner: { type: 'admin', id: 394051, name: 'N'.repeat(100_000), email: 'wash@serenity.io' },
      },
    });
    const answer = await send();
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.sendAdminMessage).toMatchObject({
      id: '403918396',
      body: ponies.body,
      conversationId: null,
      owner: { id: '394051', name: null, email: 'wash@serenity.io' },
    });
  });

  it('a refused connection: UPSTREAM_UNAVAILABLE, nothing sent', async () => {
    const gone = await startEmulator({ port: 0 });
    await gone.close();
    const unreachable = await startStack({
      upstreamUrl: gone.url,
      env: { INTERCOM_MAX_RETRIES: '1' },
    });
    try {
      const error = errorOf(await unreachable.execute(SendAdminMessageDocument, { input: ponies }));
      expect(error.extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        mayHaveBeenSent: false,
      });
      expect(error.extensions).not.toHaveProperty('intercom');
    } finally {
      await unreachable.close();
    }
  });

  it("a connection whose TLS handshake never ends: answered at the call's deadline, not the connect timeout's, as nothing sent", async () => {
    // Accepts the connection and never answers its ClientHello: connecting would last until
    // INTERCOM_CONNECT_TIMEOUT_MS, far past the call's deadline.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const stalled = await startStack({
      upstreamUrl: `https://127.0.0.1:${port}`,
      env: { INTERCOM_TIMEOUT_MS: '500', INTERCOM_CONNECT_TIMEOUT_MS: '600000' },
    });
    try {
      const error = errorOf(await stalled.execute(SendAdminMessageDocument, { input: ponies }));
      // Not a byte of the request was written: a retry with the same key sends it.
      expect(error.extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        mayHaveBeenSent: false,
      });
      expect(sockets.size).toBeGreaterThan(0);
    } finally {
      // Nor does the stop wait for the connect that was given up.
      await stalled.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('retries where no message can have been created', () => {
  it('429 twice, then sent: exactly one message', async () => {
    stack.emulator.control.addFault({
      route: 'POST /messages',
      status: 429,
      times: 2,
      headers: { 'retry-after': '0' },
    });
    const answer = await send();
    expect(answer.body.errors).toBeUndefined();
    expect(attempts()).toBe(3);
    expect(created()).toBe(1);
  });

  it('429 past the retries: RATE_LIMITED with retryAfterSeconds', async () => {
    stack.emulator.control.addFault({
      route: 'POST /messages',
      status: 429,
      times: 0,
      headers: { 'retry-after': '0' },
    });
    const error = errorOf(await send());
    expect(error.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 1,
      mayHaveBeenSent: false,
    });
    expect(attempts()).toBe(4);
    expect(created()).toBe(0);
  });

  it('429 asking for a wait longer than allowed: RATE_LIMITED at once', async () => {
    stack.emulator.control.addFault({
      route: 'POST /messages',
      status: 429,
      headers: { 'retry-after': '30' },
    });
    const error = errorOf(await send());
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 30 });
    expect(attempts()).toBe(1);
  });

  it('404 for a contact created moments ago, then sent: exactly one message', async () => {
    // A contact that cannot be messaged for a second, and retries that wait 0.2, 0.4 and 0.8 s:
    // the first attempt comes well within the second and the last well after it, however busy
    // the machine.
    const patient = await startStack({
      env: { INTERCOM_TIMEOUT_MS: '5000', INTERCOM_NEW_CONTACT_RETRY_DELAY_MS: '200' },
    });
    try {
      const fresh = patient.emulator.control.createContact({
        role: 'user',
        email: 'fresh@example.com',
        messageableInMs: 1000,
      });
      const answer = await patient.execute(SendUserMessageDocument, {
        input: { from: { type: 'USER', id: fresh.id }, body: 'First!' },
      });
      expect(answer.body.errors).toBeUndefined();
      expect(patient.upstream('POST /messages').length).toBeGreaterThan(1);
      expect(patient.emulator.control.counts().messages).toBe(1);
    } finally {
      await patient.close();
    }
  });

  it('a 5xx on a read (the contact search) is retried', async () => {
    stack.emulator.control.addFault({ route: 'POST /contacts/search', status: 503 });
    const answer = await send({
      ...ponies,
      to: { type: 'USER', email: SEED.users.socrates.email },
    });
    expect(answer.body.errors).toBeUndefined();
    expect(stack.upstream('POST /contacts/search')).toHaveLength(2);
    expect(created()).toBe(1);
  });

  it("a conversation whose id is not the shape of Intercom's: UPSTREAM_BAD_RESPONSE, nothing of it relayed", async () => {
    stack.emulator.control.addFault({
      route: 'GET /conversations/:id',
      status: 200,
      body: {
        type: 'conversation',
        id: 'x'.repeat(100_000),
        created_at: 1_700_000_000,
        source: { type: 'conversation', id: '403918396', body: 'Hi' },
      },
    });
    const answer = await stack.execute(ConversationDocument, { id: '123' });
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
    expect(JSON.stringify(answer.body)).not.toContain('xxxx');
  });

  it('values of a conversation answer past their bounds are left out, the rest is read, bodies whole', async () => {
    const long = (letter: string, length: number) => letter.repeat(length);
    stack.emulator.control.addFault({
      route: 'GET /conversations/:id',
      status: 200,
      body: {
        type: 'conversation',
        id: '123',
        created_at: 1_700_000_000,
        state: 'constructor',
        open: true,
        source: {
          type: long('T', 100),
          id: '403918396',
          delivered_as: 'admin_initiated',
          subject: long('S', 100_000),
          body: long('B', 200_000),
          author: { type: 'admin', id: 394051, name: long('N', 100_000), email: long('E', 300) },
        },
        contacts: {
          type: 'contact.list',
          contacts: [
            { type: 'contact', id: `../${long('x', 100)}` },
            ...Array.from({ length: 150 }, (_, index) => ({
              type: 'contact',
              id: `c${index}`,
              external_id: long('U', 300),
            })),
          ],
        },
        conversation_parts: {
          type: 'conversation_part.list',
          total_count: 2,
          conversation_parts: [
            {
              id: long('9', 100),
              part_type: 'comment',
              body: 'never read',
              created_at: 1_700_000_001,
            },
            {
              id: '7',
              part_type: long('p', 100),
              body: long('B', 200_000),
              created_at: 1_700_000_002,
              author: { type: 'user', id: 'ok', name: 'Mal' },
              attachments: Array.from({ length: 150 }, (_, index) => ({
                name: index === 0 ? long('n', 300) : `a${index}`,
                url: index === 1 ? `https://x.io/${long('u', 3000)}` : `https://x.io/${index}`,
              })),
            },
          ],
        },
      },
    });
    const answer = await stack.execute(ConversationDocument, { id: '123' });
    expect(answer.body.errors).toBeUndefined();
    const conversation = answer.body.data?.conversation;
    expect(conversation).toMatchObject({
      id: '123',
      state: 'OPEN',
      source: {
        id: '403918396',
        type: 'conversation',
        deliveredAs: 'admin_initiated',
        subject: null,
        author: { type: 'admin', id: '394051', name: null, email: null },
      },
    });
    expect(conversation?.contacts).toHaveLength(99);
    expect(conversation?.contacts[0]).toEqual({ id: 'c0', type: 'contact', externalId: null });
    const parts = conversation?.parts.edges.map(({ node }) => node) ?? [];
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ id: '7', partType: 'unknown' });
    // Bodies are read whole: an inbound email's may be long, and the answer's bound holds them.
    expect(conversation?.source.body).toHaveLength(200_000);
    expect(parts[0]?.body).toHaveLength(200_000);
    expect(parts[0]?.attachments).toHaveLength(99);
    expect(parts[0]?.attachments[0]).toEqual({ name: 'https://x.io/0', url: 'https://x.io/0' });
    expect(JSON.stringify(answer.body)).not.toMatch(/SSSS|NNNN|EEEE|UUUU|xxxx|uuuu|TTTT/);
  });

  it("a contact id that is not the shape of Intercom's: UPSTREAM_BAD_RESPONSE, nothing sent", async () => {
    stack.emulator.control.addFault({
      route: 'POST /contacts/search',
      status: 200,
      body: { type: 'list', data: [{ type: 'contact', id: `../${'x'.repeat(100_000)}` }] },
    });
    const answer = await send({
      ...ponies,
      to: { type: 'USER', email: SEED.users.socrates.email },
    });
    const error = errorOf(answer);
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
    expect(error.extensions.mayHaveBeenSent).not.toBe(true);
    expect(JSON.stringify(answer.body)).not.toContain('xxxx');
    expect(attempts()).toBe(0);
  });
});
