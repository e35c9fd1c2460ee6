import { request } from 'undici';
import { SEED, startEmulator, type RunningEmulator } from '../../src/emulator';
import { callIntercom } from '../helpers/intercom-http';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, newContactDelayMs: 60_000 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.control.reset());

describe('contacts', () => {
  it('creates a contact that cannot be messaged during the delay after creation', async () => {
    const created = await callIntercom(emulator, {
      path: '/contacts',
      body: { role: 'user', email: 'new@example.com', external_id: 'new-1' },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ type: 'contact', role: 'user', email: 'new@example.com' });
    const fetched = await callIntercom(emulator, { path: `/contacts/${created.body.id}` });
    expect(fetched.body.id).toBe(created.body.id);
    const message = await callIntercom(emulator, {
      path: '/messages',
      body: {
        message_type: 'inapp',
        body: 'Welcome',
        from: { type: 'admin', id: '394051' },
        to: { type: 'user', id: created.body.id },
      },
    });
    expect(message.status).toBe(404);
    expect(message.body.errors[0].code).toBe('not_found');
  });

  it('refuses a duplicate contact with 409', async () => {
    const answer = await callIntercom(emulator, {
      path: '/contacts',
      body: { role: 'user', email: SEED.users.socrates.email },
    });
    expect(answer.status).toBe(409);
  });

  it('searches contacts by email and external_id, with AND/OR', async () => {
    const byEmail = await callIntercom(emulator, {
      path: '/contacts/search',
      body: { query: { field: 'email', operator: '=', value: 'socrates@email.com' } },
    });
    expect(byEmail.body).toMatchObject({ type: 'list', total_count: 1 });
    expect(byEmail.body.data[0].id).toBe(SEED.users.socrates.id);
    const either = await callIntercom(emulator, {
      path: '/contacts/search',
      body: {
        query: {
          operator: 'OR',
          value: [
            { field: 'external_id', operator: '=', value: SEED.users.ponies.externalId },
            {
              operator: 'AND',
              value: [
                { field: 'role', operator: '=', value: 'lead' },
                { field: 'email', operator: '=', value: SEED.lead.email },
              ],
            },
          ],
        },
      },
    });
    expect(either.body.data.map((contact: { id: string }) => contact.id).sort()).toEqual(
      [SEED.users.ponies.id, SEED.lead.id].sort(),
    );
  });

  it('refuses an unknown search field and deep nesting', async () => {
    const field = await callIntercom(emulator, {
      path: '/contacts/search',
      body: { query: { field: 'shoe_size', operator: '=', value: 9 } },
    });
    expect(field.status).toBe(400);
    const deep = await callIntercom(emulator, {
      path: '/contacts/search',
      body: {
        query: {
          operator: 'AND',
          value: [{ operator: 'OR', value: [{ operator: 'AND', value: [] }] }],
        },
      },
    });
    expect(deep.status).toBe(400);
  });
});

describe('conversations', () => {
  async function sendAndReply(): Promise<{ messageId: string; conversationId: string }> {
    const sent = await callIntercom(emulator, {
      path: '/messages',
      body: {
        message_type: 'inapp',
        body: 'How are the ponies?',
        from: { type: 'admin', id: '394051' },
        to: { type: 'user', id: SEED.users.ponies.id },
      },
    });
    const conversation = emulator.control.playReply(sent.body.id, 'Sinister.');
    return { messageId: sent.body.id, conversationId: conversation.id };
  }

  it('pages a search with per_page and starting_after', async () => {
    const { messageId } = await sendAndReply();
    emulator.control.seedConversations(SEED.users.ponies.id, 400);
    const query = { field: 'contact_ids', operator: '=', value: SEED.users.ponies.id };
    const seen: string[] = [];
    let startingAfter: string | undefined;
    let pages = 0;
    do {
      const answer = await callIntercom(emulator, {
        path: '/conversations/search',
        body: { query, pagination: { per_page: 150, starting_after: startingAfter } },
      });
      pages += 1;
      expect(answer.body.total_count).toBe(401);
      expect(answer.body.pages).toMatchObject({
        type: 'pages',
        page: pages,
        per_page: 150,
        total_pages: 3,
      });
      seen.push(...answer.body.conversations.map((c: { source: { id: string } }) => c.source.id));
      startingAfter = answer.body.pages.next?.starting_after;
    } while (startingAfter);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(401);
    expect(seen.indexOf(messageId)).toBe(400);
  });

  it('refuses per_page above 150', async () => {
    const answer = await callIntercom(emulator, {
      path: '/conversations/search',
      body: { query: { field: 'open', operator: '=', value: true }, pagination: { per_page: 151 } },
    });
    expect(answer.status).toBe(400);
  });

  it('finds a conversation by contact AND source.id', async () => {
    const { messageId, conversationId } = await sendAndReply();
    const answer = await callIntercom(emulator, {
      path: '/conversations/search',
      body: {
        query: {
          operator: 'AND',
          value: [
            { field: 'contact_ids', operator: '=', value: SEED.users.ponies.id },
            { field: 'source.id', operator: '=', value: messageId },
          ],
        },
      },
    });
    expect(answer.body.conversations.map((c: { id: string }) => c.id)).toEqual([conversationId]);
  });

  it('gets a conversation with its parts, in the 1.x shape on 1.x', async () => {
    const { messageId, conversationId } = await sendAndReply();
    const v2 = await callIntercom(emulator, { path: `/conversations/${conversationId}` });
    expect(v2.body.conversation_parts.conversation_parts[0]).toMatchObject({
      part_type: 'comment',
      body: 'Sinister.',
      author: { type: 'user', id: SEED.users.ponies.id },
    });
    const v1 = await callIntercom(emulator, {
      path: `/conversations/${conversationId}`,
      version: '1.4',
    });
    expect(v1.body.conversation_message).toMatchObject({
      id: messageId,
      delivered_as: 'admin_initiated',
    });
    expect(v1.body).not.toHaveProperty('source');
    const missing = await callIntercom(emulator, { path: '/conversations/999999' });
    expect(missing.status).toBe(404);
  });

  it('lists a user’s conversations on 1.x with full next URLs', async () => {
    const { messageId } = await sendAndReply();
    emulator.control.seedConversations(SEED.users.ponies.id, 45);
    let path: string | null =
      `/conversations?type=user&intercom_user_id=${SEED.users.ponies.id}&per_page=20`;
    const seen: string[] = [];
    while (path) {
      const answer = await callIntercom(emulator, { path, version: '1.4' });
      expect(answer.status).toBe(200);
      seen.push(
        ...answer.body.conversations.map(
          (c: { conversation_message: { id: string } }) => c.conversation_message.id,
        ),
      );
      const next: string | null = answer.body.pages.next;
      if (next) expect(next.startsWith(emulator.url)).toBe(true);
      path = next ? next.slice(emulator.url.length) : null;
    }
    expect(seen).toHaveLength(46);
    expect(seen[45]).toBe(messageId);
    for (const query of [
      `user_id=${SEED.users.ponies.externalId}`,
      `email=${SEED.users.ponies.email}`,
    ]) {
      const answer = await callIntercom(emulator, {
        path: `/conversations?type=user&${query}`,
        version: '1.4',
      });
      expect(answer.body.conversations).toHaveLength(20);
    }
  });

  it('lists every conversation on 2.x with cursors', async () => {
    emulator.control.seedConversations(SEED.users.glaucon.id, 30);
    const first = await callIntercom(emulator, { path: '/conversations?per_page=20' });
    expect(first.body.conversations).toHaveLength(20);
    const cursor = first.body.pages.next.starting_after;
    const second = await callIntercom(emulator, {
      path: `/conversations?per_page=20&starting_after=${cursor}`,
    });
    expect(second.body.conversations).toHaveLength(10);
    expect(second.body.pages.next).toBeUndefined();
  });
});

describe('control endpoints over HTTP', () => {
  const control = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) =>
    request(`${emulator.url}/_emulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (response) => ({
      status: response.statusCode,
      body: (await response.body.json()) as any,
    }));

  it('plays a reply, seeds, injects faults, lists requests and resets', async () => {
    const sent = await callIntercom(emulator, {
      path: '/messages',
      body: {
        from: { type: 'admin', id: '394051' },
        message_type: 'inapp',
        body: 'Hi',
        to: { type: 'user', id: SEED.users.ponies.id },
      },
    });
    const reply = await control('POST', `/messages/${sent.body.id}/reply`, { body: 'Hello!' });
    expect(reply.body.source.id).toBe(sent.body.id);
    const contact = await control('POST', '/contacts', { role: 'lead', email: 'l@example.com' });
    expect(contact.body.role).toBe('lead');
    const seeded = await control('POST', `/contacts/${contact.body.id}/conversations`, {
      count: 3,
    });
    expect(seeded.body.conversation_ids).toHaveLength(3);
    expect((await control('POST', '/faults', { route: 'GET /admins', status: 503 })).status).toBe(
      200,
    );
    expect((await callIntercom(emulator, { path: '/admins' })).status).toBe(503);
    expect((await callIntercom(emulator, { path: '/admins' })).status).toBe(200);
    expect(
      (await control('POST', '/faults', { route: 'GET /admins', action: 'explode' })).status,
    ).toBe(400);
    expect((await control('PUT', '/rate-limit', { limit: 1 })).status).toBe(200);
    const requests = await control('GET', '/requests?route=GET%20/admins');
    expect(requests.body.requests).toHaveLength(2);
    await control('POST', '/reset');
    const state = await control('GET', '/state');
    expect(state.body).toEqual({
      counts: { contacts: 7, messages: 0, conversations: 0 },
      faults: [],
      rate_limit: 1666,
      rate_limit_windows: 0,
    });
  });
});

describe('lookups and lists a messaging integration uses', () => {
  beforeEach(() => emulator.control.reset());

  it('sorts a contact search, and refuses an order it does not know', async () => {
    const search = (order: string) =>
      callIntercom(emulator, {
        path: '/contacts/search',
        body: {
          query: { field: 'role', operator: '=', value: 'user' },
          sort: { field: 'email', order },
        },
      });
    const ascending = (await search('ascending')).body.data.map((contact: any) => contact.email);
    expect(ascending).toEqual([...ascending].sort());
    const descending = (await search('descending')).body.data.map((contact: any) => contact.email);
    expect(descending).toEqual([...ascending].reverse());
    const refused = await search('sideways');
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toEqual({
      code: 'invalid_sort_order',
      message: "Invalid sort order 'sideways'. Must be one of: ascending, descending",
    });
  });

  it('lists contacts (2.x, no visitors) and finds a visitor by user_id', async () => {
    const listed = await callIntercom(emulator, { path: '/contacts?per_page=2' });
    expect(listed.body).toMatchObject({ type: 'list', total_count: 6, pages: { per_page: 2 } });
    expect(listed.body.data).toHaveLength(2);
    const visitor = await callIntercom(emulator, {
      path: `/visitors?user_id=${SEED.visitor.externalId}`,
    });
    expect(visitor.body).toMatchObject({ type: 'visitor', id: SEED.visitor.id });
  });

  it('opens a conversation for a contact (2.x POST /conversations), the contact’s reply first', async () => {
    const created = await callIntercom(emulator, {
      path: '/conversations',
      body: { from: { type: 'user', id: SEED.users.ponies.id }, body: 'Hello there' },
    });
    expect(created.body).toMatchObject({
      type: 'user_message',
      conversation_id: expect.any(String),
    });
    const conversation = await callIntercom(emulator, {
      path: `/conversations/${created.body.conversation_id}`,
    });
    expect(conversation.body.first_contact_reply).toMatchObject({ type: 'conversation' });
    expect(conversation.body.priority).toBe('none');
    const v1 = await callIntercom(emulator, {
      path: '/conversations',
      version: '1.4',
      body: { from: { type: 'user', id: SEED.users.ponies.id }, body: 'Hello there' },
    });
    expect(v1.status).toBe(404);
  });

  it('keeps 2.14’s own conversation shapes', async () => {
    const created = await callIntercom(emulator, {
      path: '/conversations',
      body: { from: { type: 'user', id: SEED.users.ponies.id }, body: 'Hello there' },
    });
    const conversation = await callIntercom(emulator, {
      path: `/conversations/${created.body.conversation_id}`,
      version: '2.14',
    });
    expect(conversation.body).toMatchObject({
      priority: 'not_priority',
      admin_assignee_id: null,
      team_assignee_id: null,
    });
  });

  it('finds 1.x users and leads; 2.x has no /users', async () => {
    const byUserId = await callIntercom(emulator, {
      path: `/users?user_id=${SEED.users.ponies.externalId}`,
      version: '1.4',
    });
    expect(byUserId.body).toMatchObject({ type: 'user', id: SEED.users.ponies.id });
    const byEmail = await callIntercom(emulator, {
      path: `/users?email=${encodeURIComponent(SEED.users.ponies.email)}`,
      version: '1.4',
    });
    expect(byEmail.body.id).toBe(SEED.users.ponies.id);
    const missing = await callIntercom(emulator, { path: '/users/nobody', version: '1.4' });
    expect(missing.status).toBe(404);
    const leads = await callIntercom(emulator, {
      path: `/contacts?user_id=${SEED.lead.externalId}`,
      version: '1.4',
    });
    expect(leads.body).toMatchObject({ type: 'contact.list', contacts: [{ id: SEED.lead.id }] });
    expect((await callIntercom(emulator, { path: '/users' })).status).toBe(404);
  });
});
