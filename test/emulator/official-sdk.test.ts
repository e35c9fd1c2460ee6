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

  it('creates a conversation for a contact, finds it, and replies as the admin and the contact', async () => {
    const started = await client.conversations.create({
      from: { type: 'user', id: SEED.users.ponies.id },
      body: 'Hello there',
    });
    expect(started).toMatchObject({ type: 'user_message', conversation_id: expect.any(String) });
    const conversationId = started.conversation_id as string;
    const answered = await client.conversations.reply({
      conversation_id: conversationId,
      body: { message_type: 'comment', type: 'admin', admin_id: SEED.admins.wash.id, body: 'Hi!' },
    });
    expect(answered.conversation_parts?.conversation_parts?.[0]).toMatchObject({
      part_type: 'comment',
      body: 'Hi!',
    });
    const noted = await client.conversations.reply({
      conversation_id: conversationId,
      body: { message_type: 'note', type: 'admin', admin_id: SEED.admins.wash.id, body: 'VIP' },
    });
    expect(noted.conversation_parts?.total_count).toBe(2);
    const thanked = await client.conversations.reply({
      conversation_id: conversationId,
      body: {
        message_type: 'comment',
        type: 'user',
        body: 'Thanks again :)',
        intercom_user_id: SEED.users.ponies.id,
      },
    });
    expect(thanked.conversation_parts?.total_count).toBe(3);
    const found = await client.conversations.find({ conversation_id: conversationId });
    expect(found.source?.id).toBe(started.id);
  });

  it('creates, finds, searches and lists contacts', async () => {
    const created = await client.contacts.create({ email: 'sdk-user@example.com' });
    expect(created).toMatchObject({ type: 'contact', email: 'sdk-user@example.com', role: 'user' });
    const found = await client.contacts.find({ contact_id: created.id as string });
    expect(found.id).toBe(created.id);
    const searched: string[] = [];
    for await (const contact of await client.contacts.search({
      query: { field: 'email', operator: '=', value: 'sdk-user@example.com' },
    })) {
      searched.push(contact.id as string);
    }
    expect(searched).toEqual([created.id]);
    const listed: string[] = [];
    for await (const contact of await client.contacts.list({ per_page: 2 })) {
      listed.push(contact.id as string);
    }
    expect(listed).toContain(created.id);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('honours the new-contact delay: a message to a contact created moments ago is a 404', async () => {
    const created = await client.contacts.create({ email: 'brand-new@example.com' });
    await expect(
      client.messages.create({
        message_type: 'inapp',
        body: 'Welcome',
        from: { type: 'admin', id: 394051 },
        to: { type: 'user', id: created.id as string },
      }),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it('lists, finds and identifies admins', async () => {
    const admins = await client.admins.list();
    expect(admins.admins?.map((admin) => admin?.id)).toEqual([
      SEED.admins.wash.id,
      SEED.admins.zoe.id,
    ]);
    expect((await client.admins.find({ admin_id: Number(SEED.admins.zoe.id) }))?.name).toBe('Zoe');
    const me = await client.admins.identify();
    expect(me).toMatchObject({ id: SEED.admins.wash.id, app: { name: SEED.workspace.name } });
  });
});
