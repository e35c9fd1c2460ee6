import { request } from 'undici';
import { SendUserMessageDocument } from '../../generated/graphql/graphql';
import { SEED, startEmulator, type RunningEmulator } from '../../src/emulator';
import { callIntercom } from '../helpers/intercom-http';
import { startStack, type Stack } from '../helpers/stack';

/** 65,536 characters that open a tag at every other one and never close it. */
const UNCLOSED_TAGS = '<a'.repeat(32_768);

/**
 * The embedded emulator runs in the gateway's process: a check whose work grows with the square
 * of a body (a regex that rescans the rest of the text from every `<`) would hold every request
 * of the gateway behind it. Sixteen such bodies cost a quadratic check minutes of one core, far
 * past this suite's deadline; a linear one reads each body once.
 */
describe('the embedded emulator reads a hostile message body once', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('answers sixteen 64 KiB bodies of unclosed tags while /healthz keeps answering', async () => {
    const order: string[] = [];
    const sends = Array.from({ length: 16 }, (_, index) =>
      stack
        .execute(SendUserMessageDocument, {
          input: { from: { type: 'USER', id: SEED.users.ponies.id }, body: UNCLOSED_TAGS },
        })
        .then((answer) => {
          order.push(`send ${index}`);
          return answer;
        }),
    );
    const health = request(`${stack.gateway.url}/healthz`).then(async (answer) => {
      order.push('healthz');
      return { status: answer.statusCode, body: await answer.body.json() };
    });
    const answers = await Promise.all(sends);
    expect(await health).toEqual({ status: 200, body: { status: 'ok' } });
    for (const answer of answers) {
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data?.sendUserMessage.body).toBe(UNCLOSED_TAGS);
    }
    expect(stack.upstream('POST /messages')).toHaveLength(16);
    // /healthz was not held behind the bodies' checks.
    expect(order.indexOf('healthz')).toBeLessThan(order.length - 1);
  });
});

describe('the emulator still refuses HTML in a user message', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(() => emulator.close());

  const send = (body: string) =>
    callIntercom(emulator, {
      path: '/messages',
      body: { from: { type: 'user', id: SEED.users.ponies.id }, body },
    });

  it.each([
    ['a tag at the end of unclosed ones', `${UNCLOSED_TAGS}>`],
    ['a closing tag', 'fine </B> then'],
    ['a tag with attributes', 'see <a href="x">this</a>'],
  ])('refuses %s', async (_name, body) => {
    const answer = await send(body);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toBe(
      'User messages are plain text: HTML is not supported',
    );
  });

  it.each([
    ['a comparison', 'a < b > c'],
    ['an arrow', '1 <- 2 -> 3'],
    ['an unclosed tag', '<a<a<a'],
    ['a slash alone', '</ >'],
  ])('accepts %s', async (_name, body) => {
    expect((await send(body)).status).toBe(200);
  });

  it('refuses a cursor longer than any it hands out, before decoding it', async () => {
    const answer = await callIntercom(emulator, {
      path: '/contacts/search',
      body: {
        query: { field: 'role', operator: '=', value: 'user' },
        pagination: { per_page: 1, starting_after: 'b2Zmc2V0OjE'.repeat(10_000) },
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toBe('starting_after is not a valid cursor');
  });

  it('refuses a search value longer than any field holds', async () => {
    const answer = await callIntercom(emulator, {
      path: '/contacts/search',
      body: { query: { field: 'name', operator: '~', value: 'x'.repeat(2049) } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toBe('Invalid value for name');
  });

  it('names an attachment whose path does not decode as it is, instead of failing', async () => {
    const sent = await send('Hey');
    const conversationId = sent.body.conversation_id as string;
    const answer = await callIntercom(emulator, {
      path: `/conversations/${conversationId}/reply`,
      version: '2.14',
      body: {
        message_type: 'comment',
        type: 'admin',
        admin_id: SEED.admins.wash.id,
        body: 'Here',
        attachment_urls: ['https://example.com/files/100%'],
      },
    });
    expect(answer.status).toBe(200);
    const parts = answer.body.conversation_parts.conversation_parts;
    expect(parts.at(-1).attachments).toEqual([
      expect.objectContaining({ name: '100%', url: 'https://example.com/files/100%' }),
    ]);
  });
});
