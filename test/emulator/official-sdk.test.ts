import { IntercomClient } from 'intercom-client';
import { SEED, startEmulator, type RunningEmulator } from '../../src/emulator';

/** A client none of us wrote must accept the emulator's wire format. */
let emulator: RunningEmulator;
let client: IntercomClient;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  client = new IntercomClient({ token: emulator.accessToken, baseUrl: emulator.url });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.control.reset());

describe('the official Intercom Node SDK against the emulator', () => {
  it('creates an email and an in-app admin message', async () => {
    const email = await client.messages.create({
      message_type: 'email',
      subject: 'Hey',
      body: 'Ponies, cute small horses or something more sinister?',
      template: 'plain',
      from: { type: 'admin', id: 394051 },
      to: { type: 'user', id: SEED.users.ponies.id },
    });
    expect(email).toMatchObject({ type: 'admin_message', message_type: 'email', subject: 'Hey' });
    const inapp = await client.messages.create({
      message_type: 'inapp',
      body: 'Hello there',
      from: { type: 'admin', id: 814860 },
      to: { type: 'lead', id: SEED.lead.id },
    });
    expect(inapp).toMatchObject({ type: 'admin_message', message_type: 'inapp' });
  });

  it('creates a user message', async () => {
    const message = await client.messages.create({
      from: { type: 'user', id: SEED.users.ponies.id },
      body: 'Hey',
    } as unknown as Parameters<typeof client.messages.create>[0]);
    expect(message).toMatchObject({ type: 'user_message', message_type: 'inapp' });
    expect(message.conversation_id).toEqual(expect.any(String));
  });

  it('searches and pages conversations', async () => {
    emulator.control.seedConversations(SEED.users.glaucon.id, 7);
    const page = await client.conversations.search({
      query: { field: 'contact_ids', operator: '=', value: SEED.users.glaucon.id },
      pagination: { per_page: 3 },
    });
    const ids: string[] = [];
    for await (const conversation of page) ids.push(conversation.id);
    expect(ids).toHaveLength(7);
    expect(new Set(ids).size).toBe(7);

    const listed: string[] = [];
    for await (const conversation of await client.conversations.list({ per_page: 5 })) {
      listed.push(conversation.id);
    }
    expect(listed.sort()).toEqual(ids.sort());
    const one = await client.conversations.find({ conversation_id: ids[0] as string });
    expect(one.id).toBe(ids[0]);
  });
});
