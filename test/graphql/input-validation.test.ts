import { SEED } from '../../src/emulator';
import {
  SendAdminMessageDocument,
  SendUserMessageDocument,
  type SendAdminMessageInput,
  type SendUserMessageInput,
} from '../../generated/graphql/graphql';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let v1: Stack;

beforeAll(async () => {
  stack = await startStack({ version: '2.14' });
  v1 = await startStack({ version: '1.4' });
});
afterAll(async () => {
  await stack.close();
  await v1.close();
});
beforeEach(() => {
  stack.emulator.control.reset();
  v1.emulator.control.reset();
});

const email: SendAdminMessageInput = {
  messageType: 'EMAIL',
  subject: 'Hey',
  body: 'Ponies?',
  template: 'PLAIN',
  from: { id: '394051' },
  to: { type: 'USER', id: SEED.users.ponies.id },
};
const inApp: SendAdminMessageInput = {
  messageType: 'IN_APP',
  body: 'Hi',
  from: { id: '394051' },
  to: { type: 'USER', id: SEED.users.ponies.id },
};
const userMessage: SendUserMessageInput = {
  from: { type: 'USER', id: SEED.users.ponies.id },
  body: 'Hey',
};

const ADMIN_ID_MESSAGE = 'An admin id is a number, as Intercom gives it (at most 16 digits).';
const ID_MESSAGE = 'id is not an Intercom id: 1-64 letters, digits, _ or -.';

/** Every call Intercom received, on any route. */
const upstreamCalls = (target: Stack) => target.emulator.control.requests();

function expectRefused(
  answer: Awaited<ReturnType<Stack['execute']>>,
  fieldErrors: Array<{ field: string; message: string }>,
) {
  expect(answer.body.data).toBeNull();
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    fieldErrors,
  });
}

describe('sendAdminMessage refuses, before calling Intercom,', () => {
  it.each<[string, SendAdminMessageInput, Array<{ field: string; message: string }>]>([
    [
      'an email without subject',
      { ...email, subject: null },
      [{ field: 'input.subject', message: 'An email needs a subject.' }],
    ],
    [
      'an email with a blank subject',
      { ...email, subject: '  ' },
      [{ field: 'input.subject', message: 'An email needs a subject.' }],
    ],
    [
      'an email without template',
      { ...email, template: undefined },
      [{ field: 'input.template', message: 'An email needs a template.' }],
    ],
    [
      'a subject on an in-app message',
      { ...inApp, subject: 'Hey' },
      [
        {
          field: 'input.subject',
          message: 'Only emails have a subject: remove it for IN_APP messages.',
        },
      ],
    ],
    [
      'a template on an in-app message',
      { ...inApp, template: 'PERSONAL' },
      [
        {
          field: 'input.template',
          message: 'Only emails have a template: remove it for IN_APP messages.',
        },
      ],
    ],
    [
      'an empty body',
      { ...inApp, body: '' },
      [{ field: 'input.body', message: 'The message body must not be empty.' }],
    ],
    [
      'a body of white space',
      { ...inApp, body: ' \n\t ' },
      [{ field: 'input.body', message: 'The message body must not be empty.' }],
    ],
    [
      'a body longer than the maximum',
      { ...inApp, body: 'x'.repeat(65_537) },
      [{ field: 'input.body', message: 'The message body may be at most 65536 characters.' }],
    ],
    [
      'a subject longer than the maximum',
      { ...email, subject: 's'.repeat(999) },
      [{ field: 'input.subject', message: 'The subject may be at most 998 characters.' }],
    ],
    [
      'a recipient with two identifiers',
      { ...inApp, to: { type: 'USER', id: SEED.users.ponies.id, email: 'a@example.com' } },
      [{ field: 'input.to', message: 'Give exactly one of id, userId or email.' }],
    ],
    [
      'a recipient with no identifier',
      { ...inApp, to: { type: 'USER' } },
      [{ field: 'input.to', message: 'Give exactly one of id, userId or email.' }],
    ],
    [
      'a recipient email that is not an email',
      { ...inApp, to: { type: 'USER', email: 'not-an-email' } },
      [{ field: 'input.to.email', message: 'email must be an email address.' }],
    ],
    [
      'an empty recipient id',
      { ...inApp, to: { type: 'USER', id: '' } },
      [{ field: 'input.to.id', message: 'id must not be empty.' }],
    ],
    [
      'an admin id that is not a number',
      { ...inApp, from: { id: 'wash' } },
      [{ field: 'input.from.id', message: ADMIN_ID_MESSAGE }],
    ],
    [
      'an admin id of 400 digits (it would become Infinity, then null, on the wire)',
      { ...inApp, from: { id: '9'.repeat(400) } },
      [{ field: 'input.from.id', message: ADMIN_ID_MESSAGE }],
    ],
    [
      'an admin id past 2^53 (JSON would round it to another admin)',
      { ...inApp, from: { id: '9007199254740993' } },
      [{ field: 'input.from.id', message: ADMIN_ID_MESSAGE }],
    ],
    [
      'a recipient id that is a path segment',
      { ...inApp, to: { type: 'USER', id: '..' } },
      [{ field: 'input.to.id', message: ID_MESSAGE }],
    ],
    [
      'a recipient id of 9,000 characters',
      { ...inApp, to: { type: 'USER', id: 'a'.repeat(9000) } },
      [{ field: 'input.to.id', message: ID_MESSAGE }],
    ],
    [
      'a recipient userId over 255 characters',
      { ...inApp, to: { type: 'USER', userId: 'u'.repeat(256) } },
      [{ field: 'input.to.userId', message: 'userId may be at most 255 characters.' }],
    ],
    [
      'a recipient email over 254 characters',
      { ...inApp, to: { type: 'USER', email: `${'a'.repeat(250)}@example.com` } },
      [{ field: 'input.to.email', message: 'email must be an email address.' }],
    ],
  ])('%s', async (_name, input, fieldErrors) => {
    const answer = await stack.execute(SendAdminMessageDocument, { input });
    expectRefused(answer, fieldErrors);
    expect(upstreamCalls(stack)).toEqual([]);
  });

  it('every violation at once, in one error', async () => {
    const answer = await stack.execute(SendAdminMessageDocument, {
      input: { ...inApp, subject: 'x', body: ' ', to: { type: 'USER', email: 'nope' } },
    });
    expect(answer.body.errors?.[0]?.extensions?.fieldErrors).toEqual(
      expect.arrayContaining([
        {
          field: 'input.subject',
          message: 'Only emails have a subject: remove it for IN_APP messages.',
        },
        { field: 'input.body', message: 'The message body must not be empty.' },
        { field: 'input.to.email', message: 'email must be an email address.' },
      ]),
    );
    expect(upstreamCalls(stack)).toEqual([]);
  });

  it('without echoing the input back', async () => {
    const secret = 'do-not-echo-me@example';
    const answer = await stack.execute(SendAdminMessageDocument, {
      input: { ...inApp, to: { type: 'USER', email: secret } },
    });
    expect(JSON.stringify(answer.body)).not.toContain(secret);
  });

  it('createConversationWithoutContactReply on Intercom API 1.x', async () => {
    const answer = await v1.execute(SendAdminMessageDocument, {
      input: { ...inApp, createConversationWithoutContactReply: true },
    });
    expectRefused(answer, [
      {
        field: 'input.createConversationWithoutContactReply',
        message: 'Intercom API 1.4 has no such option: it needs 2.0 or later.',
      },
    ]);
    expect(upstreamCalls(v1)).toEqual([]);
  });

  it('a lead recipient given by email on Intercom API 1.x', async () => {
    const answer = await v1.execute(SendAdminMessageDocument, {
      input: { ...inApp, to: { type: 'LEAD', email: SEED.lead.email } },
    });
    expectRefused(answer, [
      {
        field: 'input.to',
        message: 'On Intercom API 1.x a lead recipient is identified by id or userId, not email.',
      },
    ]);
    expect(upstreamCalls(v1)).toEqual([]);
  });

  it('an unknown enum value (GraphQL itself refuses it)', async () => {
    const answer = await stack.execute(SendAdminMessageDocument, {
      input: { ...inApp, messageType: 'SMS' as 'EMAIL' },
    });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(upstreamCalls(stack)).toEqual([]);
  });
});

describe('sendUserMessage refuses, before calling Intercom,', () => {
  it.each<[string, SendUserMessageInput, Array<{ field: string; message: string }>]>([
    [
      'HTML',
      { ...userMessage, body: 'Hey <b>there</b>' },
      [{ field: 'input.body', message: 'A user message is plain text: remove the HTML tags.' }],
    ],
    [
      'an empty body',
      { ...userMessage, body: '   ' },
      [{ field: 'input.body', message: 'The message body must not be empty.' }],
    ],
    [
      'a sender with two identifiers',
      { ...userMessage, from: { type: 'LEAD', id: SEED.lead.id, userId: SEED.lead.externalId } },
      [{ field: 'input.from', message: 'Give exactly one of id, userId or email.' }],
    ],
    [
      'a sender email that is not an email',
      { ...userMessage, from: { type: 'USER', email: 'socrates' } },
      [{ field: 'input.from.email', message: 'email must be an email address.' }],
    ],
    [
      'a body longer than the maximum',
      { ...userMessage, body: 'y'.repeat(65_537) },
      [{ field: 'input.body', message: 'The message body may be at most 65536 characters.' }],
    ],
  ])('%s', async (_name, input, fieldErrors) => {
    const answer = await stack.execute(SendUserMessageDocument, { input });
    expectRefused(answer, fieldErrors);
    expect(upstreamCalls(stack)).toEqual([]);
  });

  it('a visitor given by email on 2.x (Intercom cannot search visitors)', async () => {
    const answer = await stack.execute(SendUserMessageDocument, {
      input: { ...userMessage, from: { type: 'VISITOR', email: 'visitor@example.com' } },
    });
    expectRefused(answer, [{ field: 'input.from', message: 'A visitor is identified by id.' }]);
    expect(upstreamCalls(stack)).toEqual([]);
  });
});
