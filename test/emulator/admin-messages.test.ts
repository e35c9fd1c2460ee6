import { SEED, startEmulator, type RunningEmulator } from '../../src/emulator';
import { callIntercom } from '../helpers/intercom-http';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.control.reset());

const ponies = {
  message_type: 'email',
  subject: 'Hey',
  body: 'Ponies, cute small horses or something more sinister?',
  template: 'plain',
  from: { type: 'admin', id: '394051' },
  to: { type: 'user', id: '536e564f316c83104c000020' },
};

describe('POST /messages, admin-initiated, 2.x', () => {
  it('answers the documented admin_message for the docs example', async () => {
    const answer = await callIntercom(emulator, { path: '/messages', body: ponies });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      type: 'admin_message',
      id: expect.any(String),
      created_at: expect.any(Number),
      subject: 'Hey',
      body: ponies.body,
      message_type: 'email',
      template: 'plain',
      owner: { type: 'admin', id: '394051', name: 'Wash', email: 'email@example.com' },
    });
  });

  it('accepts in_app and answers inapp, with an integer admin id', async () => {
    const answer = await callIntercom(emulator, {
      path: '/messages',
      version: '2.16',
      body: {
        message_type: 'in_app',
        body: 'Hello there',
        from: { type: 'admin', id: 394051 },
        to: { type: 'lead', id: SEED.lead.id },
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.message_type).toBe('inapp');
  });

  it.each([
    ['no body', { ...ponies, body: undefined }, 400, 'parameter_invalid', 'Body is required'],
    ['a null body', { ...ponies, body: null }, 400, 'parameter_invalid', 'Body is required'],
    [
      'an email without subject',
      { ...ponies, subject: undefined },
      422,
      'parameter_not_found',
      'No subject supplied for email message',
    ],
    [
      'an email without template',
      { ...ponies, template: undefined },
      422,
      'parameter_not_found',
      'No template supplied for email message',
    ],
    [
      'an unknown template',
      { ...ponies, template: 'fancy' },
      400,
      'parameter_invalid',
      'Template must be one of plain or personal',
    ],
    [
      'an unknown message type',
      { ...ponies, message_type: 'sms' },
      400,
      'parameter_invalid',
      'Message type must be one of inapp or email',
    ],
    [
      'an unknown admin',
      { ...ponies, from: { type: 'admin', id: '1' } },
      404,
      'admin_not_found',
      'Admin not found',
    ],
    [
      'an unknown recipient',
      { ...ponies, to: { type: 'user', id: 'nobody' } },
      404,
      'not_found',
      'User Not Found',
    ],
    [
      'a lead addressed as a user',
      { ...ponies, to: { type: 'user', id: SEED.lead.id } },
      404,
      'not_found',
      'User Not Found',
    ],
    [
      'a 1.x recipient type',
      { ...ponies, to: { type: 'contact', id: SEED.lead.id } },
      400,
      'parameter_invalid',
      'to.type must be one of user or lead',
    ],
    [
      'a recipient without id',
      { ...ponies, to: { type: 'user', email: 'socrates@email.com' } },
      400,
      'parameter_invalid',
      'to.id is required',
    ],
    [
      'an array recipient before 2.14',
      { ...ponies, to: [ponies.to] },
      400,
      'parameter_invalid',
      'to must be an object',
      '2.13',
    ],
  ])('refuses %s', async (_name, body, status, code, message, version = '2.14') => {
    const answer = await callIntercom(emulator, { path: '/messages', body, version });
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({
      type: 'error.list',
      request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      errors: [{ code, message }],
    });
    expect(emulator.control.counts().messages).toBe(0);
  });

  it('refuses to email an unsubscribed user, but may message them in-app', async () => {
    const to = { type: 'user', id: SEED.users.unsubscribed.id };
    const email = await callIntercom(emulator, { path: '/messages', body: { ...ponies, to } });
    expect(email.status).toBe(403);
    expect(email.body.errors[0].message).toBe('This user is unsubscribed from emails');
    const inapp = await callIntercom(emulator, {
      path: '/messages',
      body: { message_type: 'inapp', body: 'Hi', from: ponies.from, to },
    });
    expect(inapp.status).toBe(200);
  });

  it('takes arrays, cc and bcc from 2.14', async () => {
    const answer = await callIntercom(emulator, {
      path: '/messages',
      version: '2.14',
      body: {
        ...ponies,
        to: [ponies.to, { type: 'lead', id: SEED.lead.id }],
        cc: { type: 'user', id: SEED.users.glaucon.id },
        bcc: [{ type: 'user', id: SEED.users.socrates.id }],
      },
    });
    expect(answer.status).toBe(200);
  });

  it('honours created_at from 2.11 and ignores it before', async () => {
    const body = { ...ponies, created_at: 1590000000 };
    const later = await callIntercom(emulator, { path: '/messages', body, version: '2.11' });
    expect(later.body.created_at).toBe(1590000000);
    const earlier = await callIntercom(emulator, { path: '/messages', body, version: '2.10' });
    expect(earlier.body.created_at).not.toBe(1590000000);
  });

  it('opens no conversation until the contact replies', async () => {
    const sent = await callIntercom(emulator, { path: '/messages', body: ponies });
    const search = () =>
      callIntercom(emulator, {
        path: '/conversations/search',
        body: { query: { field: 'source.id', operator: '=', value: sent.body.id } },
      });
    expect((await search()).body.total_count).toBe(0);
    emulator.control.playReply(sent.body.id, 'Sinister, surely.');
    const found = await search();
    expect(found.body.total_count).toBe(1);
    expect(found.body.conversations[0].source).toMatchObject({
      id: sent.body.id,
      type: 'email',
      delivered_as: 'admin_initiated',
    });
  });

  it('opens the conversation at once with create_conversation_without_contact_reply', async () => {
    const sent = await callIntercom(emulator, {
      path: '/messages',
      body: { ...ponies, create_conversation_without_contact_reply: true },
    });
    expect(sent.body.conversation_id).toEqual(expect.any(String));
    const conversation = await callIntercom(emulator, {
      path: `/conversations/${sent.body.conversation_id}`,
    });
    expect(conversation.body.source.id).toBe(sent.body.id);
  });
});

describe('POST /messages, admin-initiated, 1.x', () => {
  it('answers with template and no conversation_id, string ids', async () => {
    const answer = await callIntercom(emulator, {
      path: '/messages',
      body: ponies,
      version: '1.4',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      type: 'admin_message',
      id: expect.any(String),
      created_at: expect.any(Number),
      subject: 'Hey',
      body: ponies.body,
      message_type: 'email',
      template: 'plain',
      owner: { type: 'admin', id: '394051', name: 'Wash', email: 'email@example.com' },
    });
  });

  it('finds users by email or user_id, and leads as contact by id or user_id', async () => {
    const plato = {
      message_type: 'email',
      subject: 'Plato Quote',
      body: 'And what, Socrates, is the food of the soul?',
      from: { type: 'admin', id: '814860' },
      to: { type: 'user', email: 'socrates@email.com' },
    };
    expect(
      (await callIntercom(emulator, { path: '/messages', body: plato, version: '1.4' })).status,
    ).toBe(200);
    for (const to of [
      { type: 'user', user_id: SEED.users.glaucon.externalId },
      { type: 'contact', id: SEED.lead.id },
      { type: 'contact', user_id: SEED.lead.externalId },
    ]) {
      const answer = await callIntercom(emulator, {
        path: '/messages',
        version: '1.1',
        body: { message_type: 'inapp', body: 'Hi', from: plato.from, to },
      });
      expect(answer.status).toBe(200);
    }
  });

  it('refuses a contact by email and the 2.x lead type', async () => {
    const base = { message_type: 'inapp', body: 'Hi', from: ponies.from };
    const byEmail = await callIntercom(emulator, {
      path: '/messages',
      version: '1.4',
      body: { ...base, to: { type: 'contact', email: SEED.lead.email } },
    });
    expect(byEmail.status).toBe(400);
    const lead = await callIntercom(emulator, {
      path: '/messages',
      version: '1.4',
      body: { ...base, to: { type: 'lead', id: SEED.lead.id } },
    });
    expect(lead.body.errors[0]).toEqual({
      code: 'parameter_invalid',
      message: 'to.type must be one of user or contact',
    });
  });
});
