import { SEED } from '../../src/emulator';
import { SendAdminMessageDocument, SendUserMessageDocument } from '../../generated/graphql/graphql';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The examples in Intercom's "Create a message" pages, sent through the gateway: the JSON that
 * reaches Intercom must be the JSON the docs show, in the configured version's wire format.
 */
describe.each([
  { version: '2.14', adminId: 394051 as string | number, platoAdminId: 814860 as string | number },
  { version: '1.4', adminId: '394051', platoAdminId: '814860' },
])('Intercom API $version', ({ version, adminId, platoAdminId }) => {
  let stack: Stack;
  const v2 = version.startsWith('2.');

  beforeAll(async () => {
    stack = await startStack({ version });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  it('sends the "Ponies" email from admin 394051, plain template', async () => {
    const answer = await stack.execute(SendAdminMessageDocument, {
      input: {
        messageType: 'EMAIL',
        subject: 'Hey',
        body: 'Ponies, cute small horses or something more sinister?',
        template: 'PLAIN',
        from: { id: '394051' },
        to: { type: 'USER', id: '536e564f316c83104c000020' },
      },
    });
    expect(answer.body.errors).toBeUndefined();
    expect(stack.upstream('POST /messages').map((r) => r.body)).toEqual([
      {
        message_type: 'email',
        subject: 'Hey',
        body: 'Ponies, cute small horses or something more sinister?',
        template: 'plain',
        from: { type: 'admin', id: adminId },
        to: { type: 'user', id: '536e564f316c83104c000020' },
      },
    ]);
    expect(answer.body.data?.sendAdminMessage).toEqual({
      id: expect.any(String),
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      body: 'Ponies, cute small horses or something more sinister?',
      messageType: 'EMAIL',
      state: 'SENT',
      subject: 'Hey',
      template: 'PLAIN',
      conversationId: null,
      owner: { id: '394051', name: 'Wash', email: 'email@example.com' },
    });
  });

  it('sends the "Plato Quote" email from 814860 to socrates@email.com', async () => {
    const answer = await stack.execute(SendAdminMessageDocument, {
      input: {
        messageType: 'EMAIL',
        subject: 'Plato Quote',
        body: 'And what, Socrates, is the food of the soul?',
        template: 'PLAIN',
        from: { id: '814860' },
        to: { type: 'USER', email: 'socrates@email.com' },
      },
    });
    expect(answer.body.errors).toBeUndefined();
    const sent = stack.upstream('POST /messages').map((r) => r.body);
    expect(sent).toEqual([
      {
        message_type: 'email',
        subject: 'Plato Quote',
        body: 'And what, Socrates, is the food of the soul?',
        template: 'plain',
        from: { type: 'admin', id: platoAdminId },
        to: v2
          ? { type: 'user', id: SEED.users.socrates.id }
          : { type: 'user', email: 'socrates@email.com' },
      },
    ]);
    // 2.x addresses contacts by id: the email is looked up first, and only then sent.
    expect(stack.upstream('POST /contacts/search')).toHaveLength(v2 ? 1 : 0);
  });

  it('sends an in-app admin message without subject or template', async () => {
    const answer = await stack.execute(SendAdminMessageDocument, {
      input: {
        messageType: 'IN_APP',
        body: 'Har har har! Mine is an evil laugh!',
        from: { id: '394051' },
        to: { type: 'USER', id: '5310d8e8598c9a0b24000005' },
      },
    });
    expect(answer.body.data?.sendAdminMessage).toMatchObject({
      messageType: 'IN_APP',
      subject: null,
      template: null,
    });
    expect(stack.upstream('POST /messages')[0]?.body).toEqual({
      message_type: 'inapp',
      body: 'Har har har! Mine is an evil laugh!',
      from: { type: 'admin', id: adminId },
      to: { type: 'user', id: '5310d8e8598c9a0b24000005' },
    });
  });

  it('sends the user message "Hey" from 536e564f316c83104c000020', async () => {
    const answer = await stack.execute(SendUserMessageDocument, {
      input: { from: { type: 'USER', id: '536e564f316c83104c000020' }, body: 'Hey' },
    });
    expect(answer.body.errors).toBeUndefined();
    expect(stack.upstream('POST /messages')[0]?.body).toEqual({
      from: { type: 'user', id: '536e564f316c83104c000020' },
      body: 'Hey',
    });
    expect(answer.body.data?.sendUserMessage).toEqual({
      id: expect.any(String),
      createdAt: expect.any(String),
      body: 'Hey',
      messageType: 'IN_APP',
      state: 'SENT',
      conversationId: v2 ? expect.any(String) : null,
    });
  });

  it("sends a lead's message", async () => {
    const answer = await stack.execute(SendUserMessageDocument, {
      input: { from: { type: 'LEAD', id: SEED.lead.id }, body: 'Do you ship to Mars?' },
    });
    expect(answer.body.errors).toBeUndefined();
    expect(stack.upstream('POST /messages')[0]?.body).toEqual({
      from: { type: v2 ? 'lead' : 'contact', id: SEED.lead.id },
      body: 'Do you ship to Mars?',
    });
  });

  it("sends a visitor's message as contact", async () => {
    const answer = await stack.execute(SendUserMessageDocument, {
      input: { from: { type: 'VISITOR', id: SEED.visitor.id }, body: 'Anyone there?' },
    });
    expect(answer.body.errors).toBeUndefined();
    expect(stack.upstream('POST /messages')[0]?.body).toEqual({
      from: { type: 'contact', id: SEED.visitor.id },
      body: 'Anyone there?',
    });
  });

  it('sends to a user given by userId and from a user given by email', async () => {
    await stack.execute(SendAdminMessageDocument, {
      input: {
        messageType: 'IN_APP',
        body: 'Hi',
        from: { id: '394051' },
        to: { type: 'USER', userId: SEED.users.glaucon.externalId },
      },
    });
    await stack.execute(SendUserMessageDocument, {
      input: { from: { type: 'USER', email: SEED.users.glaucon.email }, body: 'Hello' },
    });
    const [admin, user] = stack
      .upstream('POST /messages')
      .map((r) => r.body as Record<string, unknown>);
    expect(admin?.to).toEqual(
      v2
        ? { type: 'user', id: SEED.users.glaucon.id }
        : { type: 'user', user_id: SEED.users.glaucon.externalId },
    );
    expect(user?.from).toEqual(
      v2
        ? { type: 'user', id: SEED.users.glaucon.id }
        : { type: 'user', email: SEED.users.glaucon.email },
    );
  });
});
