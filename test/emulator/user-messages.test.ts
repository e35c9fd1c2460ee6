import { SEED, startEmulator, type RunningEmulator } from '../../src/emulator';
import { callIntercom } from '../helpers/intercom-http';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.control.reset());

const hey = { from: { type: 'user', id: SEED.users.ponies.id }, body: 'Hey' };

describe('POST /messages, user-initiated', () => {
  it('answers a user_message with its conversation on 2.x', async () => {
    const answer = await callIntercom(emulator, { path: '/messages', body: hey });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      type: 'user_message',
      id: expect.any(String),
      created_at: expect.any(Number),
      body: 'Hey',
      message_type: 'inapp',
      conversation_id: expect.any(String),
    });
    const conversation = await callIntercom(emulator, {
      path: `/conversations/${answer.body.conversation_id}`,
    });
    expect(conversation.body.source).toMatchObject({
      id: answer.body.id,
      delivered_as: 'customer_initiated',
      author: { type: 'user', id: SEED.users.ponies.id },
    });
  });

  it('answers without conversation_id on 1.x', async () => {
    const answer = await callIntercom(emulator, { path: '/messages', body: hey, version: '1.4' });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty('conversation_id');
    expect(answer.body.message_type).toBe('inapp');
  });

  it.each([
    ['a user by user_id', { type: 'user', user_id: SEED.users.glaucon.externalId }],
    ['a user by email', { type: 'user', email: SEED.users.socrates.email }],
    ['a lead by id', { type: 'lead', id: SEED.lead.id }],
    ['a lead as contact by email', { type: 'contact', email: SEED.lead.email }],
  ])('accepts %s', async (_name, from) => {
    const answer = await callIntercom(emulator, { path: '/messages', body: { from, body: 'Hi' } });
    expect(answer.status).toBe(200);
  });

  it('turns a visitor into a lead', async () => {
    const answer = await callIntercom(emulator, {
      path: '/messages',
      body: { from: { type: 'contact', id: SEED.visitor.id }, body: 'Anyone there?' },
    });
    expect(answer.status).toBe(200);
    const contact = await callIntercom(emulator, { path: `/contacts/${SEED.visitor.id}` });
    expect(contact.body.role).toBe('lead');
  });

  it.each([
    [
      'HTML',
      { ...hey, body: '<p>Hey</p>' },
      400,
      'User messages are plain text: HTML is not supported',
    ],
    ['an empty body', { ...hey, body: '   ' }, 400, 'Body is required'],
    [
      'email',
      { ...hey, message_type: 'email' },
      400,
      'User messages are always in-app: email is not supported',
    ],
    ['an unknown sender', { ...hey, from: { type: 'user', id: 'nobody' } }, 404, 'User Not Found'],
    [
      'a sender without identifier',
      { ...hey, from: { type: 'user' } },
      400,
      'from needs an id, user_id or email',
    ],
    [
      'an unknown sender type',
      { ...hey, from: { type: 'robot', id: '1' } },
      400,
      'from.type must be one of admin, user, lead or contact',
    ],
  ])('refuses %s', async (_name, body, status, message) => {
    const answer = await callIntercom(emulator, { path: '/messages', body });
    expect(answer.status).toBe(status);
    expect(answer.body.errors[0].message).toBe(message);
    expect(emulator.control.counts().messages).toBe(0);
  });
});
