import { randomUUID } from 'node:crypto';
import { SEED } from '../../src/emulator';
import {
  SendAdminMessageDocument,
  SendUserMessageDocument,
  type SendAdminMessageInput,
} from '../../generated/graphql/graphql';
import { apiKeyEnv, newApiKey } from '../helpers/auth';
import { startStack, type Stack } from '../helpers/stack';
import { eventually } from '../helpers/until';

const first = newApiKey('first', ['messages:admin', 'messages:user']);
const second = newApiKey('second', ['messages:admin']);
const as = (key: typeof first) => ({ authorization: `Bearer ${key.key}` });

const baseInput: SendAdminMessageInput = {
  messageType: 'IN_APP',
  body: 'Only once, please',
  from: { id: '394051' },
  to: { type: 'USER', id: SEED.users.ponies.id },
};
// The same behaviour from both stores of record: this process's memory, and the ledger's
// database (PGlite here; PostgreSQL in test:db), which replicas share.
describe.each(['memory', 'the ledger'] as const)('idempotency records in %s', (store) => {
  // A fresh key for every test: the gateway's store outlives the emulator's reset.
  let input: SendAdminMessageInput;

  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      ledger: store === 'the ledger',
      env: apiKeyEnv([first, second]),
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    stack.emulator.control.reset();
    input = { ...baseInput, idempotencyKey: `order:${randomUUID()}` };
  });

  const sends = () => stack.upstream('POST /messages').length;
  const send = (body?: SendAdminMessageInput, key = first) =>
    stack.execute(SendAdminMessageDocument, { input: body ?? input }, as(key));

  describe('idempotent sends', () => {
    it('answers a repeat with the first result, without a second send', async () => {
      const one = await send();
      const two = await send();
      expect(one.body.errors).toBeUndefined();
      expect(two.body.data).toEqual(one.body.data);
      expect(sends()).toBe(1);
      expect(stack.emulator.control.counts().messages).toBe(1);
    });

    it('refuses the same key with a different input', async () => {
      await send();
      const answer = await send({ ...input, body: 'Something else' });
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(sends()).toBe(1);
    });

    it('makes one send for two concurrent requests with one key, and both get it', async () => {
      stack.emulator.control.addFault({ route: 'POST /messages', latencyMs: 150 });
      const [a, b] = await Promise.all([send(), send()]);
      expect(a.body.errors).toBeUndefined();
      expect(b.body.data).toEqual(a.body.data);
      expect(sends()).toBe(1);
    });

    it('does not burn the key on a failure that certainly sent nothing', async () => {
      stack.emulator.control.addFault({
        route: 'POST /messages',
        status: 422,
        code: 'parameter_invalid',
        message: 'Nope',
      });
      const failed = await send();
      expect(failed.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_REJECTED');
      const retried = await send();
      expect(retried.body.errors).toBeUndefined();
      expect(sends()).toBe(2);
      expect(stack.emulator.control.counts().messages).toBe(1);
    });

    it('replays a failure after which the message may exist, rather than risk a duplicate', async () => {
      stack.emulator.control.addFault({ route: 'POST /messages', status: 500, handle: true });
      const failed = await send();
      expect(failed.body.errors?.[0]?.extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        mayHaveBeenSent: true,
      });
      const replayed = await send();
      expect(replayed.body.errors?.[0]?.extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        mayHaveBeenSent: true,
      });
      expect(sends()).toBe(1);
    });

    it('keeps keys apart per client', async () => {
      await send(input, first);
      await send(input, second);
      expect(sends()).toBe(2);
    });

    it('works for user messages too', async () => {
      const message = {
        from: { type: 'USER' as const, id: SEED.users.ponies.id },
        body: 'Hey',
        idempotencyKey: 'u-1',
      };
      const one = await stack.execute(SendUserMessageDocument, { input: message }, as(first));
      const two = await stack.execute(SendUserMessageDocument, { input: message }, as(first));
      expect(two.body.data?.sendUserMessage.id).toBe(one.body.data?.sendUserMessage.id);
      expect(sends()).toBe(1);
    });

    it('refuses a key of the wrong shape', async () => {
      for (const idempotencyKey of ['', 'has spaces', 'x'.repeat(256)]) {
        const answer = await send({ ...input, idempotencyKey });
        expect(answer.body.errors?.[0]?.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          fieldErrors: [
            {
              field: 'input.idempotencyKey',
              message: 'idempotencyKey must be 1-255 characters of letters, digits, _ - . or :',
            },
          ],
        });
      }
      expect(sends()).toBe(0);
    });
  });
  describe("past a record's life", () => {
    let shortLived: Stack;
    beforeAll(async () => {
      shortLived = await startStack({
        ledger: store === 'the ledger',
        // Records live three seconds; the test asks as often as it likes.
        env: { ...apiKeyEnv([first]), IDEMPOTENCY_TTL_SECONDS: '3', GATEWAY_RATE_LIMIT: '0' },
      });
    });
    afterAll(() => shortLived.close());

    it('frees the key: the same key then sends a new message', async () => {
      const sendAs = (body: SendAdminMessageInput) =>
        shortLived.execute(SendAdminMessageDocument, { input: body }, as(first));
      expect((await sendAs(input)).body.errors).toBeUndefined();
      const again = { ...input, body: 'A new message under an old key' };
      // Refused as a reuse while the record lives (its three seconds are not over yet)...
      expect((await sendAs(again)).body.errors?.[0]?.extensions?.code).toBe(
        'IDEMPOTENCY_KEY_REUSED',
      );
      // ...and sent once it is past its life.
      const sent = await eventually(
        () => sendAs(again),
        (answer) => answer.body.errors?.[0]?.extensions?.code !== 'IDEMPOTENCY_KEY_REUSED',
      );
      expect(sent.body.errors).toBeUndefined();
      expect(shortLived.upstream('POST /messages')).toHaveLength(2);
      expect(shortLived.emulator.control.counts().messages).toBe(2);
    });
  });
});
