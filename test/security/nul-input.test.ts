import { SEED } from '../../src/emulator';
import {
  ConversationDocument,
  ConversationForMessageDocument,
  ReplyToConversationDocument,
  SendAdminMessageDocument,
  SendUserMessageDocument,
  SentMessagesDocument,
  type ReplyToConversationInput,
  type SendAdminMessageInput,
  type SendUserMessageInput,
} from '../../generated/graphql/graphql';
import { startStack, type GraphQLAnswer, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';

/** What the client wrote around the NUL: it must never come back. */
const MARK = 'SECRETMARK';
const NUL = `${MARK}\u0000`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.control.reset());

const ponies = SEED.users.ponies.id;
const inApp: SendAdminMessageInput = {
  messageType: 'IN_APP',
  body: 'Hi',
  from: { id: '394051' },
  to: { type: 'USER', id: ponies },
};
const email: SendAdminMessageInput = {
  ...inApp,
  messageType: 'EMAIL',
  subject: 'Hey',
  template: 'PLAIN',
};
const userMessage: SendUserMessageInput = { from: { type: 'USER', id: ponies }, body: 'Hey' };
const adminReply: ReplyToConversationInput = {
  conversationId: 'abc123',
  admin: { id: '394051' },
  body: 'Hi',
};
const contactReply: ReplyToConversationInput = {
  conversationId: 'abc123',
  contact: { type: 'USER', id: ponies },
  body: 'Hi',
};

const message = (name: string) => `${name} must not contain the NUL character (U+0000).`;

function expectNulRefused(answer: GraphQLAnswer<unknown>, field: string, name: string) {
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    fieldErrors: [{ field, message: message(name) }],
  });
  const text = JSON.stringify(answer.body);
  expect(text).not.toContain(MARK);
  expect(text).not.toContain('\\u0000');
  // Nothing went to Intercom, on any route.
  expect(stack.emulator.control.requests()).toEqual([]);
}

describe('U+0000 is refused in every string of an input, before anything is sent', () => {
  it.each<[string, SendAdminMessageInput, string, string]>([
    ['body', { ...inApp, body: `Hi ${NUL}` }, 'input.body', 'body'],
    ['subject', { ...email, subject: NUL }, 'input.subject', 'subject'],
    ['from.id', { ...inApp, from: { id: `394051\u0000` } }, 'input.from.id', 'id'],
    ['to.id', { ...inApp, to: { type: 'USER', id: NUL } }, 'input.to.id', 'id'],
    ['to.userId', { ...inApp, to: { type: 'USER', userId: NUL } }, 'input.to.userId', 'userId'],
    [
      'to.email',
      { ...inApp, to: { type: 'USER', email: `a@b.co${NUL}` } },
      'input.to.email',
      'email',
    ],
    ['idempotencyKey', { ...inApp, idempotencyKey: NUL }, 'input.idempotencyKey', 'idempotencyKey'],
  ])('sendAdminMessage: %s', async (_name, input, field, name) => {
    const answer = await stack.execute(SendAdminMessageDocument, { input });
    expectNulRefused(answer, field, name);
  });

  it('sendAdminMessage: every field with a NUL, in the order the input type declares them', async () => {
    const answer = await stack.execute(SendAdminMessageDocument, {
      input: {
        to: { type: 'USER', id: NUL },
        from: { id: NUL },
        body: NUL,
        messageType: 'IN_APP',
        idempotencyKey: NUL,
      },
    });
    expect(answer.body.errors?.[0]?.extensions?.fieldErrors).toEqual(
      ['input.idempotencyKey', 'input.body', 'input.from.id', 'input.to.id'].map((field) => ({
        field,
        message: message(field.slice(field.lastIndexOf('.') + 1)),
      })),
    );
    expect(stack.emulator.control.requests()).toEqual([]);
  });

  it.each<[string, SendUserMessageInput, string, string]>([
    ['body', { ...userMessage, body: `hi${NUL}` }, 'input.body', 'body'],
    ['from.id', { ...userMessage, from: { type: 'USER', id: NUL } }, 'input.from.id', 'id'],
    [
      'from.userId',
      { ...userMessage, from: { type: 'USER', userId: NUL } },
      'input.from.userId',
      'userId',
    ],
    [
      'from.email',
      { ...userMessage, from: { type: 'LEAD', email: `a${NUL}@b.co` } },
      'input.from.email',
      'email',
    ],
    [
      'idempotencyKey',
      { ...userMessage, idempotencyKey: `k${NUL}` },
      'input.idempotencyKey',
      'idempotencyKey',
    ],
  ])('sendUserMessage: %s', async (_name, input, field, name) => {
    const answer = await stack.execute(SendUserMessageDocument, { input });
    expectNulRefused(answer, field, name);
  });

  it('sendUserMessage: the body of the report ("hi" and a NUL)', async () => {
    const answer = await stack.execute(SendUserMessageDocument, {
      input: { ...userMessage, body: 'hi\u0000' },
    });
    expect(answer.body.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'input.body', message: message('body') },
    ]);
    expect(stack.upstream('POST /messages')).toEqual([]);
  });

  it.each<[string, ReplyToConversationInput, string, string]>([
    [
      'conversationId',
      { ...adminReply, conversationId: NUL },
      'input.conversationId',
      'conversationId',
    ],
    ['body', { ...adminReply, body: NUL }, 'input.body', 'body'],
    ['admin.id', { ...adminReply, admin: { id: `1${NUL}` } }, 'input.admin.id', 'id'],
    [
      'contact.userId',
      { ...contactReply, contact: { type: 'USER', userId: NUL } },
      'input.contact.userId',
      'userId',
    ],
    [
      'attachmentUrls',
      { ...adminReply, attachmentUrls: ['https://example.com/a.png', `https://x.io/${NUL}`] },
      'input.attachmentUrls[1]',
      'attachmentUrls',
    ],
    [
      'idempotencyKey',
      { ...adminReply, idempotencyKey: NUL },
      'input.idempotencyKey',
      'idempotencyKey',
    ],
  ])('replyToConversation: %s', async (_name, input, field, name) => {
    const answer = await stack.execute(ReplyToConversationDocument, { input });
    expectNulRefused(answer, field, name);
  });

  it('conversationForMessage: messageId and contact', async () => {
    expectNulRefused(
      await stack.execute(ConversationForMessageDocument, {
        messageId: NUL,
        contact: { type: 'USER', id: ponies },
      }),
      'messageId',
      'messageId',
    );
    expectNulRefused(
      await stack.execute(ConversationForMessageDocument, {
        messageId: 'abc',
        contact: { type: 'USER', email: `a@b.co${NUL}` },
      }),
      'contact.email',
      'email',
    );
  });

  it('conversation: id', async () => {
    expectNulRefused(await stack.execute(ConversationDocument, { id: NUL }), 'id', 'id');
  });

  it('messages: the filter', async () => {
    expectNulRefused(
      await stack.execute(SentMessagesDocument, { filter: { contactId: NUL } }),
      'filter.contactId',
      'contactId',
    );
  });

  it('conversationStarted over WebSocket: the contact', async () => {
    const { client } = subscriptionClient(stack.gateway.graphqlUrl);
    try {
      const outcome = await subscribe(
        client,
        'subscription ($contact: ContactInput!) { conversationStarted(messageId: "abc", contact: $contact) { id } }',
        { contact: { type: 'USER', userId: NUL } },
      )
        .next()
        .then(
          (result) => result.value?.errors,
          (errors: unknown) => errors,
        );
      expect(outcome).toMatchObject([
        {
          extensions: {
            code: 'BAD_USER_INPUT',
            fieldErrors: [{ field: 'contact.userId', message: message('userId') }],
          },
        },
      ]);
      expect(JSON.stringify(outcome)).not.toContain(MARK);
      expect(stack.emulator.control.requests()).toEqual([]);
    } finally {
      await client.dispose();
    }
  });
});
