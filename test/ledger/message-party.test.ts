import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { SendUserMessageDocument } from '../../generated/graphql/graphql';
import { SEED } from '../../src/emulator';
import { sendToPonies } from '../helpers/send';
import { startStack, type Stack } from '../helpers/stack';

/** A recorded send's parties: `partyType` in the schema's one case, `type` kept as it was. */
interface Party {
  type: string;
  partyType: string;
}
const SentParties = parse(`
  query SentParties {
    messages(first: 10) { edges { node { kind from { type partyType } to { type partyType } } } }
  }
`) as TypedDocumentNode<{
  messages: { edges: Array<{ node: { kind: string; from: Party; to: Party | null } }> };
}>;

describe('MessageParty', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ ledger: true });
  });
  afterAll(() => stack.close());

  it('gives every party its type in upper case, as the enums of the schema are', async () => {
    await sendToPonies(stack);
    const sent = await stack.execute(SendUserMessageDocument, {
      input: { from: { type: 'VISITOR', id: SEED.visitor.id }, body: 'Hello?' },
    });
    expect(sent.body.errors).toBeUndefined();
    const answer = await stack.execute(SentParties);
    expect(answer.body.errors).toBeUndefined();
    const nodes = answer.body.data?.messages.edges.map((edge) => edge.node);
    expect(nodes).toEqual([
      { kind: 'USER_MESSAGE', from: { type: 'VISITOR', partyType: 'VISITOR' }, to: null },
      {
        kind: 'ADMIN_MESSAGE',
        // `type` keeps Intercom's spelling for an admin, as clients of it expect.
        from: { type: 'admin', partyType: 'ADMIN' },
        to: { type: 'USER', partyType: 'USER' },
      },
    ]);
  });
});
