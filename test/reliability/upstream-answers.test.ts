import { SEED } from '../../src/emulator';
import { SendAdminMessageDocument } from '../../generated/graphql/graphql';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { INTERCOM_MAX_RESPONSE_BYTES: '65536' } });
});
afterAll(() => stack.close());

const send = () =>
  stack.execute(SendAdminMessageDocument, {
    input: {
      messageType: 'IN_APP',
      body: 'Hi',
      from: { id: '394051' },
      to: { type: 'USER', id: SEED.users.ponies.id },
    },
  });

describe('answers from Intercom are read only up to INTERCOM_MAX_RESPONSE_BYTES', () => {
  it('refuses an oversized answer to a send as UPSTREAM_BAD_RESPONSE that may have been sent', async () => {
    stack.emulator.control.addFault({
      route: 'POST /messages',
      times: 1,
      body: { type: 'admin_message', id: '1', padding: 'x'.repeat(5 * 1_048_576) },
    });
    const answer = await send();
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      mayHaveBeenSent: true,
    });
    // The gateway goes on answering: the next send goes through.
    expect((await send()).body.data?.sendAdminMessage.id).toEqual(expect.any(String));
  });
});
