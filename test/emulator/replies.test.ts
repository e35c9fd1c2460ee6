import { SEED, startEmulator, type RunningEmulator } from '../../src/emulator';
import { callIntercom } from '../helpers/intercom-http';

/** `POST /conversations/{id}/reply` on the wire, as Intercom's reference describes it. */
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.control.reset());

async function conversationOfWinston(): Promise<string> {
  const sent = await callIntercom(emulator, {
    path: '/messages',
    body: {
      message_type: 'inapp',
      body: 'Any news?',
      from: { type: 'admin', id: SEED.admins.wash.id },
      to: { type: 'user', id: SEED.users.ponies.id },
    },
  });
  return emulator.control.playReply(sent.body.id, 'Hi').id;
}

const replyTo = (id: string, body: unknown, version = '2.14') =>
  callIntercom(emulator, { path: `/conversations/${id}/reply`, body, version });

describe.each(['2.14', '1.4'])('Intercom-Version %s', (version) => {
  it('takes an admin comment with attachments and answers the conversation with its parts', async () => {
    const id = await conversationOfWinston();
    const answer = await replyTo(
      id,
      {
        message_type: 'comment',
        type: 'admin',
        admin_id: SEED.admins.wash.id,
        body: '<p>Yes</p>',
        attachment_urls: ['https://example.com/a/report%20q1.pdf'],
      },
      version,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ type: 'conversation', id });
    const parts = answer.body.conversation_parts;
    expect(parts.total_count).toBe(2);
    expect(parts.conversation_parts[1]).toMatchObject({
      part_type: 'comment',
      body: '<p>Yes</p>',
      author: { type: 'admin', id: SEED.admins.wash.id },
      attachments: [
        { type: 'upload', name: 'report q1.pdf', url: 'https://example.com/a/report%20q1.pdf' },
      ],
    });
  });

  it('takes a contact’s comment by user_id or email, only from a participant', async () => {
    const id = await conversationOfWinston();
    const byUserId = await replyTo(
      id,
      { message_type: 'comment', type: 'user', user_id: SEED.users.ponies.externalId, body: 'Me' },
      version,
    );
    expect(byUserId.status).toBe(200);
    const byEmail = await replyTo(
      id,
      { message_type: 'comment', type: 'user', email: SEED.users.ponies.email, body: 'Me again' },
      version,
    );
    expect(byEmail.body.conversation_parts.total_count).toBe(3);
    const stranger = await replyTo(
      id,
      {
        message_type: 'comment',
        type: 'user',
        intercom_user_id: SEED.users.thisLand.id,
        body: 'Hi',
      },
      version,
    );
    expect(stranger.status).toBe(400);
  });
});

it.each<[string, Record<string, unknown>, number, string]>([
  [
    'an unknown admin',
    { message_type: 'comment', type: 'admin', admin_id: '1', body: 'x' },
    404,
    'admin_not_found',
  ],
  [
    'a note from a contact',
    { message_type: 'note', type: 'user', intercom_user_id: SEED.users.ponies.id, body: 'x' },
    400,
    'parameter_invalid',
  ],
  [
    'no body',
    { message_type: 'comment', type: 'admin', admin_id: SEED.admins.wash.id },
    400,
    'parameter_invalid',
  ],
  [
    'eleven attachments',
    {
      message_type: 'comment',
      type: 'admin',
      admin_id: SEED.admins.wash.id,
      body: 'x',
      attachment_urls: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}`),
    },
    400,
    'parameter_invalid',
  ],
  [
    'an unknown type',
    { message_type: 'comment', type: 'bot', body: 'x' },
    400,
    'parameter_invalid',
  ],
])('refuses %s', async (_name, body, status, code) => {
  const id = await conversationOfWinston();
  const answer = await replyTo(id, body);
  expect(answer.status).toBe(status);
  expect(answer.body.errors[0].code).toBe(code);
});

it('answers 404 "Resource Not Found" for an unknown conversation', async () => {
  const answer = await replyTo('424242', {
    message_type: 'comment',
    type: 'admin',
    admin_id: SEED.admins.wash.id,
    body: 'x',
  });
  expect(answer.status).toBe(404);
  expect(answer.body.errors).toEqual([{ code: 'not_found', message: 'Resource Not Found' }]);
});
