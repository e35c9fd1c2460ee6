import { SEED, startEmulator, type RunningEmulator } from '../../src/emulator';
import { callIntercom } from '../helpers/intercom-http';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    rateLimit: 0,
    limits: { maxMessages: 5, maxConversations: 3, maxContacts: 9 },
  });
});
afterAll(() => emulator.close());

describe('bounded state', () => {
  it('evicts the oldest messages and conversations past the caps, and keeps seeded contacts', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const answer = await callIntercom(emulator, {
        path: '/messages',
        body: { from: { type: 'user', id: SEED.users.ponies.id }, body: `Message ${i}` },
      });
      ids.push(answer.body.id);
    }
    expect(emulator.control.counts()).toMatchObject({ messages: 5, conversations: 3 });
    // The oldest message is gone: its reply can no longer be played.
    expect(() => emulator.control.playReply(ids[0] as string, 'late')).toThrow('Message Not Found');
    const search = await callIntercom(emulator, {
      path: '/conversations/search',
      body: { query: { field: 'contact_ids', operator: '=', value: SEED.users.ponies.id } },
    });
    expect(search.body.total_count).toBe(3);

    for (let i = 0; i < 5; i += 1) emulator.control.createContact({ email: `c${i}@example.com` });
    expect(emulator.control.counts().contacts).toBe(9);
    const seeded = await callIntercom(emulator, { path: `/contacts/${SEED.users.ponies.id}` });
    expect(seeded.status).toBe(200);
  });
});
