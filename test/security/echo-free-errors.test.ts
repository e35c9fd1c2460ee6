import { request } from 'undici';
import { startStack, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';

/** What the client wrote in its document: it must never come back. */
const SECRET = 'SECRET_VALUE_123';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.control.reset());

interface Answer {
  status: number;
  text: string;
  errors: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

async function post(query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const response = await request(stack.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, text, errors: JSON.parse(text).errors ?? [] };
}

const send = (input: string) => `mutation { sendAdminMessage(input: { ${input} }) { id } }`;
const inApp = 'from: { id: "394051" }, to: { type: USER, id: "536e564f316c83104c000020" }';

describe('validation messages never repeat a literal the document carries', () => {
  it('names the enum and its values for a wrong enum literal, not the literal', async () => {
    const answer = await post(send(`messageType: ${SECRET}, body: "Hi", ${inApp}`));
    expect(answer.status).toBe(400);
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors[0]).toMatchObject({
      message: 'messageType must be a value of enum "MessageType": one of IN_APP, EMAIL.',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(answer.text).not.toContain(SECRET);
    expect(stack.emulator.control.requests()).toEqual([]);
  });

  it.each([
    [
      'a string where an enum goes',
      send(`messageType: "${SECRET}", body: "Hi", ${inApp}`),
      'messageType must be a value of enum "MessageType": one of IN_APP, EMAIL.',
    ],
    [
      'an enum literal where a string goes',
      send(`messageType: IN_APP, body: ${SECRET}, ${inApp}`),
      'body must be a value of type "String!".',
    ],
    [
      'a number where a string goes',
      send(`messageType: IN_APP, body: 987654321, ${inApp}`),
      'body must be a value of type "String!".',
    ],
    [
      'a string where a boolean goes',
      send(
        `messageType: IN_APP, body: "Hi", createConversationWithoutContactReply: "${SECRET}", ${inApp}`,
      ),
      'createConversationWithoutContactReply must be a value of type "Boolean".',
    ],
    [
      'a string where an input object goes',
      send(`messageType: IN_APP, body: "Hi", from: "${SECRET}", to: { type: USER, id: "a" }`),
      'from must be a value of type "AdminInput!".',
    ],
    [
      'a string where an argument takes a number',
      `query { messages(first: "${SECRET}") { edges { cursor } } }`,
      'first must be a value of type "Int!".',
    ],
    [
      'a date the scalar refuses',
      `query { messages(filter: { createdAfter: "${SECRET}" }) { edges { cursor } } }`,
      'createdAfter must be a value of type "DateTimeISO".',
    ],
    [
      'an enum literal in a list',
      `query { messages(filter: { kind: [${SECRET}] }) { edges { cursor } } }`,
      'kind must be a value of enum "SentMessageKind": one of ADMIN_MESSAGE, USER_MESSAGE, REPLY, CONVERSATION_ACTION.',
    ],
    [
      "a variable's default value",
      `query ($kind: SentMessageKind = ${SECRET}) { messages(filter: { kind: $kind }) { edges { cursor } } }`,
      'A value must be a value of enum "SentMessageKind": one of ADMIN_MESSAGE, USER_MESSAGE, REPLY, CONVERSATION_ACTION.',
    ],
    [
      'a directive argument',
      `query { conversation(id: "abc") @include(if: "${SECRET}") { id } }`,
      'if must be a value of type "Boolean!".',
    ],
  ])('%s', async (_name, query, message) => {
    const answer = await post(query);
    expect(answer.errors.map((error) => error.message)).toContain(message);
    expect(answer.errors[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(answer.text).not.toContain(SECRET);
    expect(answer.text).not.toContain('987654321');
    expect(stack.emulator.control.requests()).toEqual([]);
  });

  it('keeps the messages that name only the schema (a required field left out)', async () => {
    const answer = await post(send(`messageType: IN_APP, ${inApp}`));
    expect(answer.errors[0]?.message).toBe(
      'Field "SendAdminMessageInput.body" of required type "String!" was not provided.',
    );
  });
});

describe('validation messages never repeat a name the client made up', () => {
  it.each([
    ['an unknown field', `{ ${SECRET} }`, 'Cannot query field "…" on type "Query".'],
    [
      'an unknown argument',
      `{ intercomApiVersion(${SECRET}: 1) }`,
      'Unknown argument "…" on field "Query.intercomApiVersion".',
    ],
    [
      'an unused variable of a named operation',
      `query ${SECRET}Op($${SECRET}: Int) { intercomApiVersion }`,
      'Variable "…" is never used in operation "…".',
    ],
    ['an unknown fragment', `{ ...${SECRET} }`, 'Unknown fragment "…".'],
    ['an unknown type', `query ($v: ${SECRET}) { intercomApiVersion }`, 'Unknown type "…".'],
    ['an unknown directive', `{ intercomApiVersion @${SECRET} }`, 'Unknown directive "…".'],
  ])('%s', async (_name, query, message) => {
    const answer = await post(query);
    expect(answer.status).toBe(400);
    expect(answer.errors.map((error) => error.message)).toContain(message);
    expect(answer.errors[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(answer.text).not.toContain(SECRET);
  });

  it('keeps the meta-fields and the hint of a selection the schema has', async () => {
    const typename = await post('{ __typename { x } }');
    expect(typename.errors[0]?.message).toBe(
      'Field "__typename" must not have a selection since type "String!" has no subfields.',
    );
    const leaf = await post('{ conversation(id: "1") }');
    expect(leaf.errors[0]?.message).toBe(
      'Field "conversation" of type "Conversation" must have a selection of subfields. Did you mean "conversation { ... }"?',
    );
  });

  it("keeps the schema's own names, coordinates and types", async () => {
    const variable = await post('query ($v: Int) { conversation(id: $v) { id } }');
    expect(variable.errors.map((error) => error.message)).toContain(
      'Variable "…" of type "Int" used in position expecting type "ID!".',
    );
    const argument = await post('{ conversation { id } }');
    expect(argument.errors.map((error) => error.message)).toContain(
      'Field "conversation" argument "id" of type "ID!" is required, but it was not provided.',
    );
  });
});

describe('execution never repeats an argument the client wrote', () => {
  it('an input literal that a null variable breaks: its name, not its value', async () => {
    const answer = await post(
      `mutation ($a: ID = "1") { sendAdminMessage(input: { messageType: IN_APP, body: "${SECRET}", from: { id: $a }, to: { type: USER, id: "536e564f316c83104c000020" } }) { id } }`,
      { a: null },
    );
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors[0]?.message).toBe('Argument "input" has an invalid value.');
    expect(answer.text).not.toContain(SECRET);
    expect(stack.emulator.control.requests()).toEqual([]);
  });
});

describe('syntax errors never repeat the text they stopped at', () => {
  it.each([
    ['a string where a name goes', `{ conversation("${SECRET}") { id } }`, 'found String.'],
    ['a name where a brace goes', `query Q ${SECRET} { intercomApiVersion }`, 'found Name.'],
    ['a block string', `{ conversation("""${SECRET}""") { id } }`, 'found BlockString.'],
    ['a bad escape', `{ conversation(id: "a\\q${SECRET}") { id } }`, 'escape sequence.'],
  ])('%s', async (_name, query, ending) => {
    const answer = await post(query);
    expect(answer.status).toBe(400);
    expect(answer.errors[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(answer.errors[0]?.message).toMatch(/^Syntax Error: /);
    expect(answer.errors[0]?.message.endsWith(ending)).toBe(true);
    expect(answer.text).not.toContain(SECRET);
    expect(answer.text).not.toContain('\\\\q');
  });
});

describe('an operationName the document does not have', () => {
  it('is refused without its text', async () => {
    const response = await request(stack.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query A { intercomApiVersion }',
        operationName: `${SECRET}<script>alice@example.com`,
      }),
    });
    const text = await response.body.text();
    expect(JSON.parse(text).errors[0]).toMatchObject({
      message: 'The document has no operation of that operationName.',
      extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
    });
    expect(text).not.toContain(SECRET);
  });
});

describe('over WebSocket too', () => {
  const outcomeOf = async (query: string) => {
    const { client } = subscriptionClient(stack.gateway.graphqlUrl);
    try {
      return await subscribe(client, query)
        .next()
        .then(
          (result) => result.value?.errors as unknown,
          (errors: unknown) => errors,
        );
    } finally {
      await client.dispose();
    }
  };

  it('a wrong enum literal', async () => {
    const errors = await outcomeOf(
      `subscription { conversationStarted(messageId: "abc", contact: { type: ${SECRET}, id: "a" }) { id } }`,
    );
    expect(errors).toMatchObject([
      {
        message: 'type must be a value of enum "SenderType": one of USER, LEAD, VISITOR.',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
    expect(JSON.stringify(errors)).not.toContain(SECRET);
  });

  it('an unknown field', async () => {
    const errors = await outcomeOf(`subscription { ${SECRET} }`);
    expect(errors).toMatchObject([
      {
        message: 'Cannot query field "…" on type "Subscription".',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
    expect(JSON.stringify(errors)).not.toContain(SECRET);
  });

  it('a syntax error', async () => {
    const errors = await outcomeOf(`subscription { conversationUpdated("${SECRET}") { id } }`);
    expect(errors).toMatchObject([{ extensions: { code: 'GRAPHQL_PARSE_FAILED' } }]);
    expect(JSON.stringify(errors)).not.toContain(SECRET);
  });
});
