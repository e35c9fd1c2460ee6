import {
  ConversationForMessageDocument,
  ConversationIdForMessageDocument,
  SendAdminMessageDocument,
  SentMessageDocument,
  type RecipientInput,
} from '../../generated/graphql/graphql';
import { SEED } from '../../src/emulator';
import { jwtEnv, signJwt } from '../helpers/auth';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The ledger as the message -> conversation index: once anything reveals which conversation a
 * sent message started, lookups make no search call; the contact may be left out.
 */
const ponies = { type: 'USER' as const, id: SEED.users.ponies.id };
const julia = { type: 'USER' as const, id: SEED.users.thisLand.id };

describe.each(['2.14', '1.4'])('the ledger indexes conversations on Intercom API %s', (version) => {
  let stack: Stack;
  const walkRoute = version.startsWith('2.') ? 'POST /conversations/search' : 'GET /conversations';

  beforeAll(async () => {
    stack = await startStack({ version, ledger: true, env: jwtEnv() });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  const apiKey = async () => ({
    authorization: `Bearer ${await signJwt({
      sub: 'backoffice',
      scope:
        'messages:admin messages:admin:any messages:read messages:read:any conversations:read conversations:read:any',
    })}`,
  });

  async function sendTo(to: RecipientInput, body = 'How are the ponies?'): Promise<string> {
    const answer = await stack.execute(
      SendAdminMessageDocument,
      { input: { messageType: 'IN_APP', body, from: { id: SEED.admins.wash.id }, to } },
      await apiKey(),
    );
    return answer.body.data?.sendAdminMessage.id as string;
  }

  const allUpstreamCalls = () => stack.emulator.control.requests();

  it('learns the conversation from the webhook: then one fetch and no search, or no call at all for the id', async () => {
    const messageId = await sendTo(ponies);
    const conversation = stack.emulator.control.playReply(messageId, 'Sinister, surely.');
    await stack.emulator.webhooks.idle();
    const recorded = await stack.execute(SentMessageDocument, { id: messageId }, await apiKey());
    expect(recorded.body.data?.message?.conversationId).toBe(conversation.id);

    stack.emulator.control.clearRequests();
    const found = await stack.execute(
      ConversationForMessageDocument,
      { messageId, contact: ponies },
      await apiKey(),
    );
    expect(found.body.data?.conversationForMessage).toMatchObject({
      id: conversation.id,
      source: { id: messageId },
    });
    expect(stack.upstream(walkRoute)).toHaveLength(0);
    expect(allUpstreamCalls().map((call) => call.route)).toEqual(['GET /conversations/:id']);

    stack.emulator.control.clearRequests();
    const idOnly = await stack.execute(
      ConversationIdForMessageDocument,
      { messageId },
      await apiKey(),
    );
    expect(idOnly.body).toEqual({ data: { conversationForMessage: { id: conversation.id } } });
    expect(allUpstreamCalls()).toHaveLength(0);
  });

  it('keeps what a search found, so the next lookup does not search', async () => {
    const messageId = await sendTo(ponies);
    // Webhooks off for this reply: only a search can find the conversation.
    stack.emulator.webhooks.setUrl(undefined);
    let conversationId: string;
    try {
      conversationId = stack.emulator.control.playReply(messageId, 'Found me?').id;
    } finally {
      stack.emulator.webhooks.setUrl(`${stack.gateway.url}/webhooks/intercom`);
    }
    const first = await stack.execute(
      ConversationForMessageDocument,
      { messageId, contact: ponies },
      await apiKey(),
    );
    expect(first.body.data?.conversationForMessage?.id).toBe(conversationId);
    expect(stack.upstream(walkRoute).length).toBeGreaterThan(0);

    const recorded = await stack.execute(SentMessageDocument, { id: messageId }, await apiKey());
    expect(recorded.body.data?.message?.conversationId).toBe(conversationId);
  });

  it('finds the contact in the ledger when the lookup leaves it out', async () => {
    const messageId = await sendTo(ponies);
    const before = await stack.execute(
      ConversationForMessageDocument,
      { messageId },
      await apiKey(),
    );
    expect(before.body).toEqual({ data: { conversationForMessage: null } });

    const conversation = stack.emulator.control.playReply(messageId, 'Sinister, surely.');
    await stack.emulator.webhooks.idle();
    const after = await stack.execute(
      ConversationForMessageDocument,
      { messageId },
      await apiKey(),
    );
    expect(after.body.data?.conversationForMessage).toMatchObject({
      id: conversation.id,
      contacts: [expect.objectContaining({ id: SEED.users.ponies.id })],
    });
  });

  it('asks for the contact, and asks Intercom nothing, when the ledger does not hold the message', async () => {
    stack.emulator.control.clearRequests();
    const answer = await stack.execute(
      ConversationForMessageDocument,
      { messageId: '999999999' },
      await apiKey(),
    );
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [
        {
          field: 'contact',
          message:
            'contact is required: the ledger holds no message with this id that you may see.',
        },
      ],
    });
    expect(allUpstreamCalls()).toHaveLength(0);
  });

  it('never hands the recorded conversation to a lookup naming another contact', async () => {
    const messageId = await sendTo(ponies);
    stack.emulator.control.playReply(messageId, 'Sinister, surely.');
    await stack.emulator.webhooks.idle();
    stack.emulator.control.clearRequests();

    const asJulia = await stack.execute(
      ConversationForMessageDocument,
      { messageId, contact: julia },
      await apiKey(),
    );
    expect(asJulia.body).toEqual({ data: { conversationForMessage: null } });
    // Julia's own conversations were searched, not Winston's fetched.
    expect(stack.upstream('GET /conversations/:id')).toHaveLength(0);
    const idOnly = await stack.execute(
      ConversationIdForMessageDocument,
      { messageId, contact: julia },
      await apiKey(),
    );
    expect(idOnly.body).toEqual({ data: { conversationForMessage: null } });
  });

  it('shows a person only the messages the ledger shows them, when the contact is left out', async () => {
    const messageId = await sendTo(ponies);
    const conversation = stack.emulator.control.playReply(messageId, 'Sinister, surely.');
    await stack.emulator.webhooks.idle();
    const person = async (user: { id: string; externalId: string }) => ({
      authorization: `Bearer ${await signJwt({
        sub: user.externalId,
        intercom_contact_id: user.id,
        scope: 'messages:read conversations:read',
      })}`,
    });

    const winston = await stack.execute(
      ConversationIdForMessageDocument,
      { messageId },
      await person(SEED.users.ponies),
    );
    expect(winston.body).toEqual({ data: { conversationForMessage: { id: conversation.id } } });

    const other = await stack.execute(
      ConversationIdForMessageDocument,
      { messageId },
      await person(SEED.users.thisLand),
    );
    expect(other.body.data).toEqual({ conversationForMessage: null });
    expect(other.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'contact' }],
    });
  });
});
