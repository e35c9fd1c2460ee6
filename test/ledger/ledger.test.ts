import {
  ReplyToConversationDocument,
  SendAdminMessageDocument,
  SentMessageDocument,
  SentMessagesDocument,
  type SendAdminMessageInput,
} from '../../generated/graphql/graphql';
import { SEED } from '../../src/emulator';
import { jwtEnv, signJwt } from '../helpers/auth';
import { startStack, type Stack } from '../helpers/stack';

/** The ledger (PGlite in memory): what the gateway sent, and who may read it. */
const toJulia: SendAdminMessageInput = {
  messageType: 'IN_APP',
  body: 'Har har har!',
  from: { id: SEED.admins.wash.id },
  to: { type: 'USER', id: SEED.users.thisLand.id },
};

describe('recording sends and replies', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ ledger: true, env: { INTERCOM_TIMEOUT_MS: '1000' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  it('records a send as SENT, found by Intercom’s message id and listed newest first', async () => {
    const sent = await stack.execute(SendAdminMessageDocument, {
      input: { ...toJulia, idempotencyKey: 'ledger-1' },
    });
    const intercomId = sent.body.data?.sendAdminMessage.id as string;
    const found = await stack.execute(SentMessageDocument, { id: intercomId });
    expect(found.body.data?.message).toMatchObject({
      intercomMessageId: intercomId,
      kind: 'ADMIN_MESSAGE',
      state: 'SENT',
      messageType: 'IN_APP',
      body: 'Har har har!',
      from: { type: 'admin', id: SEED.admins.wash.id },
      to: { type: 'USER', id: SEED.users.thisLand.id },
      resolvedContactId: SEED.users.thisLand.id,
      idempotencyKey: 'ledger-1',
    });
    // A replay sends nothing and records nothing.
    await stack.execute(SendAdminMessageDocument, {
      input: { ...toJulia, idempotencyKey: 'ledger-1' },
    });
    const listed = await stack.execute(SentMessagesDocument, {
      filter: { contactId: SEED.users.thisLand.id },
    });
    const ids = listed.body.data?.messages.edges.map((edge) => edge.node.intercomMessageId);
    expect(ids?.[0]).toBe(intercomId);
    expect(ids?.filter((id) => id === intercomId)).toHaveLength(1);
  });

  it('records a refused send as FAILED and one Intercom may hold as UNKNOWN', async () => {
    await stack.execute(SendAdminMessageDocument, { input: { ...toJulia, from: { id: '1' } } });
    stack.emulator.control.addFault({ route: 'POST /messages', status: 500, handle: true });
    const unsure = await stack.execute(SendAdminMessageDocument, { input: toJulia });
    expect(unsure.body.errors?.[0]?.extensions?.mayHaveBeenSent).toBe(true);
    const failed = await stack.execute(SentMessagesDocument, {
      first: 1,
      filter: { state: 'FAILED' },
    });
    expect(failed.body.data?.messages.edges[0]?.node).toMatchObject({
      state: 'FAILED',
      errorCode: 'admin_not_found',
      from: { id: '1' },
    });
    const unknown = await stack.execute(SentMessagesDocument, {
      first: 1,
      filter: { state: 'UNKNOWN' },
    });
    expect(unknown.body.data?.messages.edges[0]?.node).toMatchObject({ state: 'UNKNOWN' });
  });

  it('records a reply with its conversation', async () => {
    const sent = await stack.execute(SendAdminMessageDocument, { input: toJulia });
    const conversation = stack.emulator.control.playReply(
      sent.body.data?.sendAdminMessage.id as string,
      'Hi',
    );
    await stack.execute(ReplyToConversationDocument, {
      input: { conversationId: conversation.id, admin: { id: SEED.admins.wash.id }, body: 'Back' },
    });
    const replies = await stack.execute(SentMessagesDocument, {
      first: 1,
      filter: { kind: 'REPLY' },
    });
    expect(replies.body.data?.messages.edges[0]?.node).toMatchObject({
      kind: 'REPLY',
      state: 'SENT',
      messageType: 'COMMENT',
      conversationId: conversation.id,
      body: 'Back',
    });
  });

  it('pages newest first with first/after, and refuses a cursor it did not give', async () => {
    for (let index = 0; index < 3; index += 1) {
      await stack.execute(SendAdminMessageDocument, {
        input: { ...toJulia, body: `page ${index}` },
      });
    }
    const one = await stack.execute(SentMessagesDocument, { first: 2 });
    expect(one.body.data?.messages.edges.map((edge) => edge.node.body)).toEqual([
      'page 2',
      'page 1',
    ]);
    expect(one.body.data?.messages.pageInfo.hasNextPage).toBe(true);
    const two = await stack.execute(SentMessagesDocument, {
      first: 1,
      after: one.body.data?.messages.pageInfo.endCursor,
    });
    expect(two.body.data?.messages.edges.map((edge) => edge.node.body)).toEqual(['page 0']);
    // The same pages by contact (one index scan per column the contact may be in, merged).
    const byContact = await stack.execute(SentMessagesDocument, {
      first: 1,
      after: one.body.data?.messages.pageInfo.endCursor,
      filter: { contactId: SEED.users.thisLand.id },
    });
    expect(byContact.body.data?.messages.edges.map((edge) => edge.node.body)).toEqual(['page 0']);
    expect(byContact.body.data?.messages.pageInfo.hasNextPage).toBe(true);
    const bad = await stack.execute(SentMessagesDocument, { after: 'not-a-cursor' });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'after', message: 'after is not a cursor of this list.' }],
    });
  });
});

describe('who reads the ledger', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ ledger: true, env: { ...jwtEnv(), LEDGER_STORE_BODIES: 'false' } });
  });
  afterAll(() => stack.close());

  const bearer = async (claims: Record<string, unknown>) => ({
    authorization: `Bearer ${await signJwt(claims)}`,
  });

  it('a person sees what was sent to them; an admin token what its admins sent; bodies are not kept', async () => {
    const backoffice = await bearer({
      sub: 'backoffice',
      scope: 'messages:admin messages:admin:any messages:read messages:read:any',
    });
    await stack.execute(SendAdminMessageDocument, { input: toJulia }, backoffice);
    await stack.execute(
      SendAdminMessageDocument,
      {
        input: {
          ...toJulia,
          from: { id: SEED.admins.zoe.id },
          to: { type: 'USER', id: SEED.users.ponies.id },
        },
      },
      backoffice,
    );

    const julia = await bearer({
      sub: SEED.users.thisLand.externalId,
      intercom_contact_id: SEED.users.thisLand.id,
      scope: 'messages:read',
    });
    const hers = await stack.execute(SentMessagesDocument, {}, julia);
    expect(hers.body.data?.messages.edges.map((edge) => edge.node.to?.id)).toEqual([
      SEED.users.thisLand.id,
    ]);
    expect(hers.body.data?.messages.edges[0]?.node.body).toBeNull();

    const zoe = await bearer({
      sub: 'zoe',
      scope: 'messages:read',
      intercom_admin_ids: [SEED.admins.zoe.id],
    });
    const zoes = await stack.execute(SentMessagesDocument, {}, zoe);
    expect(zoes.body.data?.messages.edges.map((edge) => edge.node.from.id)).toEqual([
      SEED.admins.zoe.id,
    ]);

    const all = await stack.execute(SentMessagesDocument, {}, backoffice);
    expect(all.body.data?.messages.edges).toHaveLength(2);

    const noScope = await bearer({ sub: SEED.users.thisLand.externalId, scope: 'messages:user' });
    const refused = await stack.execute(SentMessagesDocument, {}, noScope);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const someoneElses = all.body.data?.messages.edges.find(
      (edge) => edge.node.to?.id === SEED.users.ponies.id,
    );
    const hidden = await stack.execute(
      SentMessageDocument,
      { id: someoneElses?.node.intercomMessageId as string },
      julia,
    );
    expect(hidden.body).toEqual({ data: { message: null } });
    // Another's entry is no cursor either: it places no page (its position is not told).
    const afterHidden = await stack.execute(
      SentMessagesDocument,
      { after: someoneElses?.cursor as string },
      julia,
    );
    expect(afterHidden.body.errors).toBeUndefined();
    expect(afterHidden.body.data?.messages.edges).toEqual([]);
  });
});

describe('LEDGER=off', () => {
  it('answers LEDGER_OFF', async () => {
    const stack = await startStack();
    try {
      const answer = await stack.execute(SentMessagesDocument, {});
      expect(answer.body.errors?.[0]).toMatchObject({
        message: 'This gateway keeps no record of what it sent (LEDGER=off).',
        extensions: { code: 'LEDGER_OFF' },
      });
    } finally {
      await stack.close();
    }
  });
});
