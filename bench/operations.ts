/** The GraphQL bodies several scenarios send, as they go over the wire. */

export const PONIES = '536e564f316c83104c000020';

export const gql = (query: string, variables?: unknown): string =>
  JSON.stringify({ query, variables });

/** An in-app message from admin Wash to the seeded user "ponies". */
export const SEND_ADMIN = gql(
  'mutation Send($input: SendAdminMessageInput!) { sendAdminMessage(input: $input) { id createdAt messageType } }',
  {
    input: {
      messageType: 'IN_APP',
      body: 'Benchmark',
      from: { id: '394051' },
      to: { type: 'USER', id: PONIES },
    },
  },
);

/** An in-app message from Wash to "ponies" with its own idempotency key (each key a new record). */
export const keyedSendAdmin = (idempotencyKey: string, body: string): string =>
  gql('mutation($i: SendAdminMessageInput!) { sendAdminMessage(input: $i) { id } }', {
    i: {
      messageType: 'IN_APP',
      body,
      from: { id: '394051' },
      to: { type: 'USER', id: PONIES },
      idempotencyKey,
    },
  });
