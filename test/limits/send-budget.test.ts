import { request } from 'undici';
import { SEED } from '../../src/emulator';
import { apiKeyEnv, newApiKey, type TestApiKey } from '../helpers/auth';
import { startStack, type Stack } from '../helpers/stack';

/** Each test spends the budget of a client of its own. */
const keys = ['aliases', 'spread', 'fragments', 'reads', 'many-reads'].map((name) =>
  newApiKey(name, ['messages:admin', 'conversations:read']),
);
const BUDGET = 10;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    env: {
      ...apiKeyEnv(keys),
      GATEWAY_RATE_LIMIT: String(BUDGET),
      GATEWAY_RATE_LIMIT_WINDOW_SECONDS: '600',
    },
  });
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.control.reset());

async function post(query: string, key: TestApiKey) {
  const response = await request(stack.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key.key}` },
    body: JSON.stringify({ query }),
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    body: (await response.body.json()) as {
      data?: Record<string, unknown> | null;
      errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
    },
  };
}

const sendField = (alias: string) =>
  `${alias}: sendAdminMessage(input: { messageType: IN_APP, body: "Hi", from: { id: "394051" }, to: { type: USER, id: "${SEED.users.ponies.id}" } }) { id }`;
const sendFields = (count: number, prefix = 's') =>
  Array.from({ length: count }, (_, index) => sendField(`${prefix}${index}`)).join(' ');
const sends = () => stack.upstream('POST /messages').length;

function expectRefused(answer: Awaited<ReturnType<typeof post>>) {
  expect(answer.status).toBe(429);
  expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
  expect(answer.body.data ?? null).toBeNull();
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors?.[0]?.extensions).toMatchObject({
    code: 'RATE_LIMITED',
    retryAfterSeconds: expect.any(Number),
    requestId: expect.any(String),
  });
}

describe('each send costs one unit of the client’s budget', () => {
  it('refuses 15 aliased sends on a budget of 10, and none of them is sent', async () => {
    const answer = await post(`mutation { ${sendFields(15)} }`, keys[0]!);
    expectRefused(answer);
    expect(sends()).toBe(0);
  });

  it('charges every send of a request, and refuses a request whole past the budget', async () => {
    const key = keys[1]!;
    const first = await post(`mutation { ${sendFields(4)} }`, key);
    expect(first.body.errors).toBeUndefined();
    expect(Object.keys(first.body.data ?? {})).toHaveLength(4);
    expect(sends()).toBe(4);

    const second = await post(`mutation { ${sendFields(4)} }`, key);
    expect(second.body.errors).toBeUndefined();
    expect(sends()).toBe(8);

    // 8 units spent: three more sends would make 11.
    const third = await post(`mutation { ${sendFields(3)} }`, key);
    expectRefused(third);
    expect(sends()).toBe(8);
  });

  it('charges every conversation read that asks Intercom too, not the ledger’s', async () => {
    const key = keys[3]!;
    const reads = (count: number) =>
      Array.from(
        { length: count },
        (_, index) => `c${index}: conversation(id: "${index + 1}") { id }`,
      ).join(' ');
    const gets = () => stack.upstream('GET /conversations/:id').length;
    // Fields the ledger answers cost nothing more than the request.
    const ledgerReads = Array.from(
      { length: 8 },
      (_, index) => `m${index}: messages(first: 1) { edges { cursor } }`,
    ).join(' ');
    expect((await post(`{ ${ledgerReads} }`, key)).status).toBe(200);
    // 1 unit spent: nine reads make 10.
    const allowed = await post(`{ ${reads(9)} }`, key);
    expect(allowed.status).toBe(200);
    expect(gets()).toBe(9);
    expectRefused(await post(`{ ${reads(1)} }`, key));
    expect(gets()).toBe(9);
    // Twelve reads on a budget of ten: refused whole, Intercom not asked.
    expectRefused(await post(`{ ${reads(12)} }`, keys[4]!));
    expect(gets()).toBe(9);
  });

  it('counts sends in fragments and inline fragments as well', async () => {
    const answer = await post(
      `mutation { ...Many ... on Mutation { ${sendFields(5, 'i')} } __typename }
       fragment Many on Mutation { ${sendFields(6, 'f')} }`,
      keys[2]!,
    );
    expectRefused(answer);
    expect(sends()).toBe(0);
  });
});
