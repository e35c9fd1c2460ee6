import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import {
  AssignConversationDocument,
  CloseConversationDocument,
  ConversationDocument,
  OpenConversationDocument,
  SentMessagesDocument,
  SnoozeConversationDocument,
} from '../../generated/graphql/graphql';
import { SEED } from '../../src/emulator';
import { jwtEnv, signJwt } from '../helpers/auth';
import { sendToPonies } from '../helpers/send';
import { startStack, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';
import { until } from '../helpers/until';

/** Closing, opening, snoozing and assigning a conversation through the gateway. */
const wash = SEED.admins.wash.id;
const zoe = SEED.admins.zoe.id;
const crew = SEED.teams.crew.id;
const winston = SEED.users.ponies;
const inAnHour = () => new Date(Math.ceil(Date.now() / 1000) * 1000 + 3_600_000);

async function repliedConversation(stack: Stack, headers?: Record<string, string>) {
  const messageId = await sendToPonies(stack, headers);
  const conversation = stack.emulator.control.playReply(messageId, 'Sinister, surely.');
  await stack.emulator.webhooks.idle();
  return conversation.id;
}

/** The history of actions: who acted, how, and who an assignment went to. */
const ActionHistory = parse(`
  query ActionHistory {
    messages(first: 20, filter: { kind: CONVERSATION_ACTION }) {
      edges { node { conversationId messageType body from { partyType id } to { partyType id } } }
    }
  }
`) as TypedDocumentNode<{
  messages: {
    edges: Array<{
      node: {
        conversationId: string | null;
        messageType: string;
        body: string | null;
        from: { partyType: string; id: string | null };
        to: { partyType: string; id: string | null } | null;
      };
    }>;
  };
}>;

/** What went upstream for actions: 2.x at /parts, 1.x at the reply endpoint. */
const routeFor = (version: string) =>
  version.startsWith('1.') ? 'POST /conversations/:id/reply' : 'POST /conversations/:id/parts';

describe.each(['2.14', '2.16', '1.4'])('on Intercom API %s', (version) => {
  let stack: Stack;
  const route = routeFor(version);
  beforeAll(async () => {
    stack = await startStack({ version, ledger: true });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());
  const v1 = version.startsWith('1.');

  it('closes with a message', async () => {
    const id = await repliedConversation(stack);
    const answer = await stack.execute(CloseConversationDocument, {
      input: { conversationId: id, admin: { id: wash }, body: 'Goodbye :)' },
    });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.closeConversation).toMatchObject({
      id,
      state: 'CLOSED',
      open: false,
      snoozedUntil: null,
      parts: { edges: [{ node: { partType: 'close', body: 'Goodbye :)' } }] },
    });
    expect(stack.upstream(route).map((request) => request.body)).toEqual([
      { message_type: 'close', type: 'admin', admin_id: wash, body: 'Goodbye :)' },
    ]);
  });

  it('snoozes until a time, and opens again', async () => {
    const id = await repliedConversation(stack);
    const until_ = inAnHour();
    const snoozed = await stack.execute(SnoozeConversationDocument, {
      input: { conversationId: id, admin: { id: wash }, until: until_.toISOString() },
    });
    expect(snoozed.body.errors).toBeUndefined();
    expect(snoozed.body.data?.snoozeConversation).toMatchObject({
      state: 'SNOOZED',
      snoozedUntil: until_.toISOString(),
    });
    const opened = await stack.execute(OpenConversationDocument, {
      input: { conversationId: id, admin: { id: wash } },
    });
    expect(opened.body.data?.openConversation).toMatchObject({
      state: 'OPEN',
      open: true,
      snoozedUntil: null,
    });
    expect(stack.upstream(route).map((request) => request.body)).toEqual([
      {
        message_type: 'snoozed',
        admin_id: wash,
        snoozed_until: until_.getTime() / 1000,
        ...(v1 ? { type: 'admin' } : {}),
      },
      { message_type: 'open', admin_id: wash, ...(v1 ? { type: 'admin' } : {}) },
    ]);
  });

  it('assigns to an admin with a note, then to a team, then unassigns the admin', async () => {
    const id = await repliedConversation(stack);
    const toZoe = await stack.execute(AssignConversationDocument, {
      input: {
        conversationId: id,
        admin: { id: wash },
        assignee: { type: 'ADMIN', id: zoe },
        body: 'Over to you',
      },
    });
    expect(toZoe.body.errors).toBeUndefined();
    expect(toZoe.body.data?.assignConversation).toMatchObject({
      assignee: { adminId: zoe, teamId: null },
      parts: { edges: [{ node: { partType: 'assignment', body: 'Over to you' } }] },
    });
    const toCrew = await stack.execute(AssignConversationDocument, {
      input: { conversationId: id, admin: { id: wash }, assignee: { type: 'TEAM', id: crew } },
    });
    // 1.x names one assignee: the admin before the team.
    expect(toCrew.body.data?.assignConversation.assignee).toEqual(
      v1 ? { adminId: zoe, teamId: null } : { adminId: zoe, teamId: crew },
    );
    const unassigned = await stack.execute(AssignConversationDocument, {
      input: { conversationId: id, admin: { id: wash }, assignee: { type: 'ADMIN', id: '0' } },
    });
    expect(unassigned.body.data?.assignConversation.assignee).toEqual({
      adminId: null,
      teamId: crew,
    });
    expect(stack.upstream(route).map((request) => request.body)).toEqual([
      {
        message_type: 'assignment',
        type: 'admin',
        admin_id: wash,
        assignee_id: zoe,
        body: 'Over to you',
      },
      {
        message_type: 'assignment',
        type: v1 ? 'admin' : 'team',
        admin_id: wash,
        assignee_id: crew,
      },
      { message_type: 'assignment', type: 'admin', admin_id: wash, assignee_id: '0' },
    ]);
  });

  it('sends once for one idempotency key, and records the action in the ledger', async () => {
    const id = await repliedConversation(stack);
    const input = {
      conversationId: id,
      admin: { id: wash },
      body: 'Done here',
      idempotencyKey: 'close-once',
    };
    const first = await stack.execute(CloseConversationDocument, { input });
    const second = await stack.execute(CloseConversationDocument, { input });
    expect(second.body.errors).toBeUndefined();
    expect(second.body.data?.closeConversation).toMatchObject({ id, state: 'CLOSED' });
    expect(first.body.data?.closeConversation.state).toBe('CLOSED');
    expect(stack.upstream(route)).toHaveLength(1);
    const ledger = await stack.execute(SentMessagesDocument, {
      filter: { kind: 'CONVERSATION_ACTION' },
    });
    expect(ledger.body.errors).toBeUndefined();
    const entries = ledger.body.data?.messages.edges
      .map((edge) => edge.node)
      .filter((entry) => entry.conversationId === id);
    expect(entries).toEqual([
      expect.objectContaining({
        kind: 'CONVERSATION_ACTION',
        state: 'SENT',
        messageType: 'CLOSE',
        body: 'Done here',
        from: expect.objectContaining({ type: 'admin', id: wash }),
        conversationId: id,
        idempotencyKey: 'close-once',
      }),
    ]);
  });

  it('refuses a key used again for a snooze to another time, and sends nothing', async () => {
    const id = await repliedConversation(stack);
    const input = { conversationId: id, admin: { id: wash }, idempotencyKey: 'snooze-once' };
    const first = await stack.execute(SnoozeConversationDocument, {
      input: { ...input, until: inAnHour().toISOString() },
    });
    expect(first.body.errors).toBeUndefined();
    const later = new Date(inAnHour().getTime() + 86_400_000);
    const second = await stack.execute(SnoozeConversationDocument, {
      input: { ...input, until: later.toISOString() },
    });
    expect(second.body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(stack.upstream(route)).toHaveLength(1);
  });

  it('history shows who each assignment went to: an admin, a team, or that side unassigned', async () => {
    const id = await repliedConversation(stack);
    const assign = (assignee: { type: 'ADMIN' | 'TEAM'; id: string }, body?: string) =>
      stack.execute(AssignConversationDocument, {
        input: { conversationId: id, admin: { id: wash }, assignee, body },
      });
    expect((await assign({ type: 'ADMIN', id: zoe }, 'Over to you')).body.errors).toBeUndefined();
    expect((await assign({ type: 'TEAM', id: crew })).body.errors).toBeUndefined();
    expect((await assign({ type: 'ADMIN', id: '0' })).body.errors).toBeUndefined();
    await stack.execute(CloseConversationDocument, {
      input: { conversationId: id, admin: { id: wash } },
    });
    const history = await stack.execute(ActionHistory);
    expect(history.body.errors).toBeUndefined();
    const entries = history.body.data?.messages.edges
      .map((edge) => edge.node)
      .filter((entry) => entry.conversationId === id);
    const by = { partyType: 'ADMIN', id: wash };
    // Newest first; only an assignment has a `to`.
    expect(entries).toEqual([
      { conversationId: id, messageType: 'CLOSE', body: null, from: by, to: null },
      {
        conversationId: id,
        messageType: 'ASSIGN',
        body: null,
        from: by,
        to: { partyType: 'ADMIN', id: null },
      },
      {
        conversationId: id,
        messageType: 'ASSIGN',
        body: null,
        from: by,
        to: { partyType: 'TEAM', id: crew },
      },
      {
        conversationId: id,
        messageType: 'ASSIGN',
        body: 'Over to you',
        from: by,
        to: { partyType: 'ADMIN', id: zoe },
      },
    ]);
  });

  it('answers NOT_FOUND for a conversation Intercom does not have', async () => {
    const answer = await stack.execute(OpenConversationDocument, {
      input: { conversationId: '987654', admin: { id: wash } },
    });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('input rules: each refused before Intercom is asked', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  const cases: Array<[string, () => Promise<Array<{ field: string }> | undefined>]> = [
    [
      'conversationId not an Intercom id',
      async () =>
        (
          await stack.execute(CloseConversationDocument, {
            input: { conversationId: '../admins', admin: { id: wash } },
          })
        ).body.errors?.[0]?.extensions?.fieldErrors,
    ],
    [
      'an empty conversationId',
      async () =>
        (
          await stack.execute(CloseConversationDocument, {
            input: { conversationId: '', admin: { id: wash } },
          })
        ).body.errors?.[0]?.extensions?.fieldErrors,
    ],
    [
      'admin id not a number',
      async () =>
        (
          await stack.execute(OpenConversationDocument, {
            input: { conversationId: '1', admin: { id: 'wash' } },
          })
        ).body.errors?.[0]?.extensions?.fieldErrors,
    ],
    [
      'a blank body',
      async () =>
        (
          await stack.execute(CloseConversationDocument, {
            input: { conversationId: '1', admin: { id: wash }, body: '  ' },
          })
        ).body.errors?.[0]?.extensions?.fieldErrors,
    ],
    [
      'a body too long',
      async () =>
        (
          await stack.execute(AssignConversationDocument, {
            input: {
              conversationId: '1',
              admin: { id: wash },
              assignee: { type: 'ADMIN', id: zoe },
              body: 'x'.repeat(70_000),
            },
          })
        ).body.errors?.[0]?.extensions?.fieldErrors,
    ],
    [
      'a snooze in the past',
      async () =>
        (
          await stack.execute(SnoozeConversationDocument, {
            input: { conversationId: '1', admin: { id: wash }, until: '2020-01-01T00:00:00Z' },
          })
        ).body.errors?.[0]?.extensions?.fieldErrors,
    ],
    [
      'an assignee id not a number',
      async () =>
        (
          await stack.execute(AssignConversationDocument, {
            input: {
              conversationId: '1',
              admin: { id: wash },
              assignee: { type: 'TEAM', id: 'crew' },
            },
          })
        ).body.errors?.[0]?.extensions?.fieldErrors,
    ],
    [
      'a bad idempotency key',
      async () =>
        (
          await stack.execute(OpenConversationDocument, {
            input: { conversationId: '1', admin: { id: wash }, idempotencyKey: 'no spaces' },
          })
        ).body.errors?.[0]?.extensions?.fieldErrors,
    ],
  ];

  it.each(cases)('%s', async (_name, run) => {
    const fields = await run();
    expect(fields).toEqual([expect.objectContaining({ field: expect.stringMatching(/^input\./) })]);
    expect(stack.upstream('POST /conversations/:id/parts')).toHaveLength(0);
  });

  it('names each error’s field and message without echoing the input', async () => {
    const answer = await stack.execute(SnoozeConversationDocument, {
      input: { conversationId: '1', admin: { id: wash }, until: '2020-01-01T00:00:00Z' },
    });
    expect(answer.body.errors?.[0]).toMatchObject({
      extensions: {
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ field: 'input.until', message: 'until must be in the future.' }],
      },
    });
    expect(JSON.stringify(answer.body)).not.toContain('2020-01-01');
  });
});

describe('who may act', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: jwtEnv() });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  it('a person may not; an admin token only as its own admins', async () => {
    const service = await signJwt({
      sub: 'backoffice',
      scope: 'messages:admin messages:admin:any',
    });
    const id = await repliedConversation(stack, { authorization: `Bearer ${service}` });
    const person = await signJwt({
      sub: winston.externalId,
      intercom_contact_id: winston.id,
      scope: 'messages:user conversations:read',
    });
    const asPerson = await stack.execute(
      CloseConversationDocument,
      { input: { conversationId: id, admin: { id: wash } } },
      { authorization: `Bearer ${person}` },
    );
    expect(asPerson.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const washToken = await signJwt({
      sub: 'wash',
      scope: 'messages:admin',
      intercom_admin_ids: [wash],
    });
    const asZoe = await stack.execute(
      OpenConversationDocument,
      { input: { conversationId: id, admin: { id: zoe } } },
      { authorization: `Bearer ${washToken}` },
    );
    expect(asZoe.body.errors?.[0]).toMatchObject({
      message: `Your token does not allow acting on conversations as admin ${zoe}.`,
      extensions: { code: 'FORBIDDEN' },
    });
    expect(stack.upstream('POST /conversations/:id/parts')).toHaveLength(0);
    // Wash's token may act as Wash; without read rights it asks only for the id and parts.
    const asWash = await stack.execute(
      CloseConversationDocument,
      { input: { conversationId: id, admin: { id: wash } } },
      { authorization: `Bearer ${washToken}` },
    );
    expect(asWash.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(stack.upstream('POST /conversations/:id/parts')).toHaveLength(0);
  });
});

describe('a person’s refusals, each naming its action', () => {
  let stack: Stack;
  let id: string;
  let person: string;
  beforeAll(async () => {
    stack = await startStack({ env: jwtEnv() });
    const service = await signJwt({
      sub: 'backoffice',
      scope: 'messages:admin messages:admin:any',
    });
    id = await repliedConversation(stack, { authorization: `Bearer ${service}` });
    person = await signJwt({
      sub: winston.externalId,
      intercom_contact_id: winston.id,
      scope: 'messages:user conversations:read',
    });
  });
  afterAll(() => stack.close());

  const input = () => ({ conversationId: id, admin: { id: wash } });
  const cases: Array<[string, () => Promise<{ errors?: ReadonlyArray<unknown> }>]> = [
    [
      'close',
      async () =>
        (await stack.execute(CloseConversationDocument, { input: input() }, asPerson())).body,
    ],
    [
      'open',
      async () =>
        (await stack.execute(OpenConversationDocument, { input: input() }, asPerson())).body,
    ],
    [
      'snooze',
      async () =>
        (
          await stack.execute(
            SnoozeConversationDocument,
            { input: { ...input(), until: inAnHour().toISOString() } },
            asPerson(),
          )
        ).body,
    ],
    [
      'assign',
      async () =>
        (
          await stack.execute(
            AssignConversationDocument,
            { input: { ...input(), assignee: { type: 'ADMIN', id: zoe } } },
            asPerson(),
          )
        ).body,
    ],
  ];
  const asPerson = () => ({ authorization: `Bearer ${person}` });

  it.each(cases)('%s: FORBIDDEN, in a sentence of its own', async (verb, run) => {
    const body = await run();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: `Only an admin can ${verb} a conversation.`,
        extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
      }),
    ]);
    expect(stack.upstream('POST /conversations/:id/parts')).toHaveLength(0);
  });
});

describe('conversationUpdated on the actions’ webhooks', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('a subscriber sees the conversation closed, then assigned', async () => {
    const id = await repliedConversation(stack);
    const { client } = subscriptionClient(stack.gateway.graphqlUrl);
    try {
      const events = subscribe(
        client,
        `subscription ($id: ID!) { conversationUpdated(conversationId: $id) { id state assignee { adminId } } }`,
        { id },
      );
      const first = events.next();
      await until(() => stack.upstream('GET /conversations/:id').length > 0);
      await stack.execute(CloseConversationDocument, {
        input: { conversationId: id, admin: { id: wash } },
      });
      expect((await first).value).toMatchObject({
        data: { conversationUpdated: { id, state: 'CLOSED' } },
      });
      const second = events.next();
      await stack.execute(AssignConversationDocument, {
        input: { conversationId: id, admin: { id: wash }, assignee: { type: 'ADMIN', id: zoe } },
      });
      expect((await second).value).toMatchObject({
        data: { conversationUpdated: { id, state: 'OPEN', assignee: { adminId: zoe } } },
      });
    } finally {
      await client.dispose();
    }
    const read = await stack.execute(ConversationDocument, { id });
    expect(read.body.data?.conversation?.state).toBe('OPEN');
  });

  it('a subscriber sees a snoozed conversation reopened when its snooze runs out', async () => {
    const id = await repliedConversation(stack);
    // The subscription's own read of the conversation says it is listening.
    stack.emulator.control.clearRequests();
    const { client } = subscriptionClient(stack.gateway.graphqlUrl);
    try {
      const events = subscribe(
        client,
        `subscription ($id: ID!) {
          conversationUpdated(conversationId: $id) {
            id state snoozedUntil parts(last: 1) { edges { node { partType } } }
          }
        }`,
        { id },
      );
      const snoozed = events.next();
      await until(() => stack.upstream('GET /conversations/:id').length > 0);
      // Two whole seconds ahead: Intercom keeps whole seconds.
      const runsOut = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000);
      const answer = await stack.execute(SnoozeConversationDocument, {
        input: { conversationId: id, admin: { id: wash }, until: runsOut.toISOString() },
      });
      expect(answer.body.errors).toBeUndefined();
      expect((await snoozed).value).toMatchObject({
        data: { conversationUpdated: { id, state: 'SNOOZED' } },
      });
      // Nobody acts again: the emulator's own timer reopens it, and its webhook is the event.
      const reopened = await events.next();
      expect(Date.now()).toBeGreaterThanOrEqual(runsOut.getTime());
      expect(reopened.value).toMatchObject({
        data: {
          conversationUpdated: {
            id,
            state: 'OPEN',
            snoozedUntil: null,
            parts: { edges: [{ node: { partType: 'timer_unsnooze' } }] },
          },
        },
      });
    } finally {
      await client.dispose();
    }
    expect(stack.upstream('POST /conversations/:id/parts')).toHaveLength(1);
  });
});
