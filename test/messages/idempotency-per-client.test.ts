import { SEED } from '../../src/emulator';
import { SendAdminMessageDocument } from '../../generated/graphql/graphql';
import { apiKeyEnv, jwtEnv, newApiKey, signJwt, type TestApiKey } from '../helpers/auth';
import { startStack, type Stack } from '../helpers/stack';

/** The store's whole capacity, small enough to fill in a test. */
const MAX_ENTRIES = 4;

const keyed = (idempotencyKey: string, body = 'Only once, please') => ({
  input: {
    messageType: 'IN_APP' as const,
    body,
    from: { id: '394051' },
    to: { type: 'USER' as const, id: SEED.users.ponies.id },
    idempotencyKey,
  },
});

describe('idempotency keys in memory are kept per client (LEDGER=off, no Redis)', () => {
  const quiet = newApiKey('quiet', ['messages:admin']);
  const busy = newApiKey('busy', ['messages:admin']);
  const as = (key: TestApiKey) => ({ authorization: `Bearer ${key.key}` });

  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { ...apiKeyEnv([quiet, busy]), IDEMPOTENCY_MAX_ENTRIES: String(MAX_ENTRIES) },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  const sends = () => stack.upstream('POST /messages').length;
  const send = async (key: TestApiKey, idempotencyKey: string) => {
    const answer = await stack.execute(SendAdminMessageDocument, keyed(idempotencyKey), as(key));
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data?.sendAdminMessage.id;
  };

  it("one client's sends do not evict another's keys; they evict their own oldest", async () => {
    const first = await send(quiet, 'evict:quiet-1');
    for (let index = 1; index <= 2 * MAX_ENTRIES; index += 1) {
      await send(busy, `evict:busy-${index}`);
    }
    expect(sends()).toBe(1 + 2 * MAX_ENTRIES);

    // The quiet client's key is still there: its retry is answered without a send.
    expect(await send(quiet, 'evict:quiet-1')).toBe(first);
    expect(sends()).toBe(1 + 2 * MAX_ENTRIES);

    // The busy client's newest keys are kept, its oldest were its own to lose.
    await send(busy, `evict:busy-${2 * MAX_ENTRIES}`);
    expect(sends()).toBe(1 + 2 * MAX_ENTRIES);
    await send(busy, 'evict:busy-1');
    expect(sends()).toBe(2 + 2 * MAX_ENTRIES);
  });

  it('a client holding fewer keys takes its room from the client holding the most', async () => {
    // State from the test above: quiet holds 1 key, busy the other 3.
    const second = await send(quiet, 'evict:quiet-2');
    expect(sends()).toBe(1);
    expect(await send(quiet, 'evict:quiet-1')).toBeDefined();
    expect(await send(quiet, 'evict:quiet-2')).toBe(second);
    expect(sends()).toBe(1);
  });
});

describe('the same for JWT subjects', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: jwtEnv({ IDEMPOTENCY_MAX_ENTRIES: String(MAX_ENTRIES) }) });
  });
  afterAll(() => stack.close());

  it("one person's sends do not evict another person's keys", async () => {
    const claims = { scope: 'messages:admin messages:admin:any' };
    const alice = { authorization: `Bearer ${await signJwt({ ...claims, sub: 'alice' })}` };
    const bob = { authorization: `Bearer ${await signJwt({ ...claims, sub: 'bob' })}` };
    const sends = () => stack.upstream('POST /messages').length;

    await stack.execute(SendAdminMessageDocument, keyed('order:1'), alice);
    for (let index = 1; index <= 2 * MAX_ENTRIES; index += 1) {
      await stack.execute(SendAdminMessageDocument, keyed(`order:${index}`), bob);
    }
    expect(sends()).toBe(1 + 2 * MAX_ENTRIES);
    const retry = await stack.execute(SendAdminMessageDocument, keyed('order:1'), alice);
    expect(retry.body.errors).toBeUndefined();
    expect(sends()).toBe(1 + 2 * MAX_ENTRIES);
  });
});
