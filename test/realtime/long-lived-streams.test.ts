import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createConversationEventBus } from '../../src/realtime/conversation-events';
import { ConversationStreams } from '../../src/realtime/conversation-streams';
import type { Principal } from '../../src/auth/principal';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const heapUsedMb = () => {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed / 1_048_576;
};

const subscriber = { id: 'client-1' } as Principal;

it('a conversationUpdated stream holds no memory for the events it has passed on', async () => {
  const bus = createConversationEventBus('');
  const conversations = { byId: async () => ({ id: 'conversation-1' }) } as never;
  const streams = new ConversationStreams(bus, conversations);
  const stream = streams.updated('conversation-1', subscriber, () => undefined, {
    internalChanges: true,
  });
  const event = (version: number) => ({
    type: 'conversation',
    id: 'conversation-1',
    created_at: 1_700_000_000,
    updated_at: 1_700_000_000 + version,
    source: { id: 'message-1', type: 'email', body: `Update ${version}` },
    contacts: { contacts: [] },
  });
  try {
    const first = stream.next();
    // The stream listens once it has looked the conversation up.
    await new Promise((turn) => setTimeout(turn, 10));
    bus.publish(event(0));
    await first;
    const before = heapUsedMb();
    // Each wait for an event used to leave a reaction (about 0.6 kB) on the stream's
    // cancellation, kept until the subscription ended: 10,000 events, about 6 MB.
    for (let version = 1; version <= 10_000; version += 1) {
      const next = stream.next();
      bus.publish(event(version));
      await next;
    }
    expect(heapUsedMb() - before).toBeLessThan(2);
  } finally {
    await stream.return(undefined);
  }
});
