import { parse } from 'graphql';
import { request } from 'undici';
import { readmeBlocks, readmeBlocksOf, parseCurl } from './helpers/readme';
import { startStack, type Stack } from './helpers/stack';
import { subscribe, subscriptionClient } from './helpers/subscriptions';
import { until } from './helpers/until';

/**
 * The README's examples and walkthroughs, run as written against the emulator: the operations,
 * variables and curl lines are read from README.md itself, so the page cannot drift from what
 * works.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.control.reset());

const only = <T>(items: readonly T[], what: string): T => {
  if (items.length !== 1) throw new Error(`expected one ${what}, found ${items.length}`);
  return items[0] as T;
};

/** README text with its placeholders and local addresses made real. */
function filled(text: string, id = ''): string {
  return text
    .replaceAll('<id>', id)
    .replaceAll('http://127.0.0.1:4010', stack.emulator.url)
    .replaceAll('http://127.0.0.1:4000', stack.gateway.url);
}

async function run(query: string, variables: string, id?: string) {
  const answer = await stack.execute(parse(query), JSON.parse(filled(variables, id)));
  return answer.body as { data?: any; errors?: any[] };
}

async function curl(command: string, id: string) {
  const call = parseCurl(filled(command, id));
  const response = await request(call.url, {
    method: call.method as 'POST',
    headers: call.headers,
    body: call.body,
  });
  await response.body.dump();
  return response.statusCode;
}

const SEND_ADMIN = only(
  readmeBlocksOf('An email from an admin (Intercom\'s "Ponies" example)', 'graphql'),
  'operation',
);
const PONIES = only(
  readmeBlocksOf('An email from an admin (Intercom\'s "Ponies" example)', 'json'),
  'input',
);
const IN_APP = only(readmeBlocksOf('An in-app message from an admin', 'json'), 'input');

async function sendInApp(): Promise<string> {
  const sent = await run(SEND_ADMIN, IN_APP);
  expect(sent.errors).toBeUndefined();
  return sent.data.sendAdminMessage.id as string;
}

describe('Sending messages', () => {
  it('the "Ponies" email', async () => {
    const sent = await run(SEND_ADMIN, PONIES);
    expect(sent.errors).toBeUndefined();
    expect(sent.data.sendAdminMessage).toMatchObject({ messageType: 'EMAIL', subject: 'Hey' });
  });

  it('the in-app message', async () => {
    const sent = await run(SEND_ADMIN, IN_APP);
    expect(sent.errors).toBeUndefined();
    expect(sent.data.sendAdminMessage).toMatchObject({ messageType: 'IN_APP' });
  });

  it('the message from a user', async () => {
    const heading = 'A message from a user, lead or visitor';
    const sent = await run(
      only(readmeBlocksOf(heading, 'graphql'), 'operation'),
      only(readmeBlocksOf(heading, 'json'), 'input'),
    );
    expect(sent.errors).toBeUndefined();
    expect(sent.data.sendUserMessage.conversationId).toEqual(expect.any(String));
  });

  it('the input error, as shown', async () => {
    const shown = JSON.parse(only(readmeBlocksOf('Input rules', 'json'), 'answer'));
    const input = JSON.parse(PONIES).input;
    const answer = await stack.execute(parse(SEND_ADMIN), {
      input: { ...input, to: { type: 'USER', email: 'not-an-email' } },
    });
    shown.errors[0].extensions.requestId = expect.any(String);
    expect(answer.body).toEqual(shown);
    expect(stack.upstream('POST /messages')).toHaveLength(0);
  });
});

describe('Finding the conversation a message started: the reply flow', () => {
  it('null before the reply, the conversation after it', async () => {
    const [lookup, variables, reply] = readmeBlocks('Finding the conversation a message started');
    expect([lookup?.lang, variables?.lang, reply?.lang]).toEqual(['graphql', 'json', 'sh']);
    const id = await sendInApp();

    const before = await run(lookup!.text, variables!.text, id);
    expect(before).toEqual({ data: { conversationForMessage: null } });

    expect(await curl(reply!.text, id)).toBe(200);

    const after = await run(lookup!.text, variables!.text, id);
    expect(after.errors).toBeUndefined();
    expect(after.data.conversationForMessage).toMatchObject({ state: 'OPEN', source: { id } });
  });
});

describe('Reading and answering a conversation: the loop', () => {
  it('read the parts, answer as the admin (the subscriber sees it), the contact answers back', async () => {
    const heading = 'Reading and answering a conversation';
    const [read, readVariables, answer, adminReply, contactReply] = readmeBlocks(heading);
    expect(
      [read, readVariables, answer, adminReply, contactReply].map((block) => block?.lang),
    ).toEqual(['graphql', 'json', 'graphql', 'json', 'json']);
    const operations = only(
      readmeBlocksOf('Real time: subscriptions fed by Intercom webhooks', 'graphql'),
      'operations block',
    );
    const updated = operations.slice(operations.indexOf('subscription ConversationUpdated'));

    const messageId = await sendInApp();
    const conversationId = stack.emulator.control.playReply(messageId, 'Sinister, surely.').id;
    await stack.emulator.webhooks.idle();
    const withId = (text: string) => text.replaceAll('<conversationId>', conversationId);

    const { client } = subscriptionClient(stack.gateway.graphqlUrl);
    try {
      const events = subscribe(client, updated, { conversationId });
      const seen = events.next();
      await until(() => stack.upstream('GET /conversations/:id').length > 0);

      const before = await run(read!.text, withId(readVariables!.text));
      expect(before.errors).toBeUndefined();
      expect(before.data.conversation.parts.edges.map((edge: any) => edge.node.body)).toEqual([
        'Sinister, surely.',
      ]);

      const answered = await run(answer!.text, withId(adminReply!.text));
      expect(answered.errors).toBeUndefined();
      expect(answered.data.replyToConversation.parts.totalCount).toBe(2);
      const { value } = await seen;
      expect(value.data.conversationUpdated.parts.edges[0].node).toMatchObject({
        partType: 'comment',
        author: { type: 'admin', id: '394051' },
      });

      const back = await run(answer!.text, withId(contactReply!.text));
      expect(back.errors).toBeUndefined();
      const after = await run(read!.text, withId(readVariables!.text));
      expect(after.data.conversation.parts.totalCount).toBe(3);
    } finally {
      await client.dispose();
    }
  });
});

describe('Watching it in Apollo Sandbox', () => {
  it('the subscription waits, then delivers the conversation the reply opened', async () => {
    const operations = only(
      readmeBlocksOf('Real time: subscriptions fed by Intercom webhooks', 'graphql'),
      'operations block',
    );
    const started = operations.slice(0, operations.indexOf('subscription ConversationUpdated'));
    const variables = only(readmeBlocksOf('Watching it in Apollo Sandbox', 'json'), 'variables');
    const reply = only(readmeBlocksOf('Watching it in Apollo Sandbox', 'sh'), 'curl line');
    const id = await sendInApp();

    const { client } = subscriptionClient(stack.gateway.graphqlUrl);
    try {
      const events = subscribe(client, started, JSON.parse(filled(variables, id)));
      const first = events.next();
      await until(() => stack.upstream('GET /contacts/:id').length > 0);
      expect(await curl(reply, id)).toBe(200);
      const { value } = await first;
      expect(value.errors).toBeUndefined();
      expect(value.data.conversationStarted.source.id).toBe(id);
      expect((await events.next()).done).toBe(true);
    } finally {
      await client.dispose();
    }
  });
});

describe('The Intercom emulator', () => {
  it('takes the fault knob as shown', async () => {
    const knob = only(readmeBlocksOf('Fault knobs', 'json'), 'knob');
    const added = await request(`${stack.emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: knob,
    });
    await added.body.dump();
    expect(added.statusCode).toBe(200);
    const sent = await run(SEND_ADMIN, PONIES);
    expect(sent.errors).toBeUndefined();
    // Two 429s with retry-after 1 s, then the send: the gateway waited and retried.
    expect(stack.upstream('POST /messages')).toHaveLength(3);
    expect(stack.emulator.control.counts().messages).toBe(1);
  });
});

describe('The ledger: what the gateway sent', () => {
  let withLedger: Stack;
  beforeAll(async () => {
    withLedger = await startStack({ ledger: true });
  });
  afterAll(() => withLedger.close());

  it('lists the sends to a contact as the page shows', async () => {
    const heading = 'The ledger: what the gateway sent';
    const query = only(readmeBlocksOf(heading, 'graphql'), 'query');
    const variables = only(readmeBlocksOf(heading, 'json'), 'variables');
    const sent = await withLedger.execute(parse(SEND_ADMIN), JSON.parse(IN_APP));
    const id = (sent.body.data as any).sendAdminMessage.id;
    const answer = await withLedger.execute(parse(query), JSON.parse(variables));
    expect(answer.body.errors).toBeUndefined();
    expect((answer.body.data as any).messages.edges[0].node).toMatchObject({
      intercomMessageId: id,
      kind: 'ADMIN_MESSAGE',
      state: 'SENT',
      to: { type: 'USER', id: '5310d8e8598c9a0b24000005' },
    });
  });
});
