import {
  createConversationEventBus,
  SUBSCRIBER_BUFFER_EVENTS,
} from '../../src/realtime/conversation-events';

const update = (version: number) => ({
  type: 'conversation',
  id: 'conversation-1',
  updated_at: 1_700_000_000 + version,
  source: { id: 'message-1' },
});

describe('a subscriber that stops taking events', () => {
  it('keeps only its latest events, and nothing escapes the event listener', async () => {
    const escaped: unknown[] = [];
    const onUncaught = (error: unknown) => escaped.push(error);
    process.on('uncaughtException', onUncaught);
    const bus = createConversationEventBus('');
    const stalled = bus.byConversation('conversation-1')[Symbol.asyncIterator]();
    const keepsUp = bus.byMessage('message-1')[Symbol.asyncIterator]();
    try {
      // Both subscribe before anything is published; the first takes one event, then stops
      // asking for more (a client that stopped reading its socket).
      const first = stalled.next();
      const firstOfOther = keepsUp.next();
      bus.publish(update(0));
      expect((await first).value).toMatchObject({ updated_at: 1_700_000_000 });
      await firstOfOther;
      // Far more than a queue of pending events may hold (1,024), each on its own turn of the
      // event loop, as webhooks arrive.
      const published = 3000;
      let received = 0;
      for (let version = 1; version <= published; version += 1) {
        bus.publish(update(version));
        // The other subscriber keeps up and misses nothing.
        const next = await keepsUp.next();
        if ((next.value as { updated_at: number }).updated_at === 1_700_000_000 + version) {
          received += 1;
        }
        await new Promise((turn) => setImmediate(turn));
      }
      expect(received).toBe(published);
      expect(escaped).toEqual([]);
      // The stalled one resumes: the newest events are waiting, the oldest gave way.
      const kept: number[] = [];
      for (let taken = 0; taken < SUBSCRIBER_BUFFER_EVENTS; taken += 1) {
        kept.push(((await stalled.next()).value as { updated_at: number }).updated_at);
      }
      expect(kept).toEqual(
        Array.from(
          { length: SUBSCRIBER_BUFFER_EVENTS },
          (_, index) => 1_700_000_000 + published - SUBSCRIBER_BUFFER_EVENTS + 1 + index,
        ),
      );
    } finally {
      process.off('uncaughtException', onUncaught);
      await stalled.return?.();
      await keepsUp.return?.();
    }
  });
});
