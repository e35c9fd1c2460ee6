import { SEED } from '../../src/emulator';
import {
  ReplyToConversationDocument,
  SendAdminMessageDocument,
  type SendAdminMessageInput,
} from '../../generated/graphql/graphql';
import { startStack, type Stack } from '../helpers/stack';

const inApp = (adminId: string): SendAdminMessageInput => ({
  messageType: 'IN_APP',
  body: 'Hi',
  from: { id: adminId },
  to: { type: 'USER', id: SEED.users.ponies.id },
});

const LEADING_ZERO = 'An admin id has no leading zeros, as Intercom gives it.';

/** 2.7+ sends the admin id as a JSON number; earlier versions as a string. */
describe.each([
  ['1.4', '394051'],
  ['2.6', '394051'],
  ['2.7', 394051],
  ['2.14', 394051],
])('admin ids on Intercom API %s', (version, sent) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ version });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  it('sends the id as given', async () => {
    const answer = await stack.execute(SendAdminMessageDocument, { input: inApp('394051') });
    expect(answer.body.errors).toBeUndefined();
    const [upstream] = stack.upstream('POST /messages');
    expect((upstream?.body as { from: unknown }).from).toEqual({ type: 'admin', id: sent });
  });

  it('refuses an id with a leading zero, which would not reach Intercom as given', async () => {
    const answer = await stack.execute(SendAdminMessageDocument, { input: inApp('0394051') });
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'input.from.id', message: LEADING_ZERO }],
    });
    expect(JSON.stringify(answer.body)).not.toContain('0394051');
    expect(stack.emulator.control.requests()).toEqual([]);
  });
});

describe('a reply as an admin', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ version: '2.14' });
  });
  afterAll(() => stack.close());

  it('refuses an admin id with a leading zero, before anything is sent', async () => {
    const answer = await stack.execute(ReplyToConversationDocument, {
      input: { conversationId: 'abc123', admin: { id: '00394051' }, body: 'Hi' },
    });
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'input.admin.id', message: LEADING_ZERO }],
    });
    expect(stack.emulator.control.requests()).toEqual([]);
  });
});
