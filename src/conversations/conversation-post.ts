import { ConversationNotFoundError } from '../domain-errors';
import type { IntercomRequester } from '../intercom/client';
import { IntercomNotFoundError } from '../intercom/errors';
import type { LedgerRecorder } from '../ledger/ledger-recorder';
import type { LedgerEntryStart } from '../ledger/ledger.model';
import { fingerprintOf, type IdempotentSends, type OutcomeCodec } from '../messages/idempotency';
import type { SendOptions } from '../messages/message.service';

/**
 * A POST to one of a conversation's endpoints (`reply`, or `parts` on 2.x): a send, never
 * retried once Intercom may hold it. Intercom's 404 for the path itself ("Resource Not Found")
 * is the conversation's; any other 404 names an admin, a team or a contact, and stays as it is.
 */
export async function postToConversation(
  client: IntercomRequester,
  conversationId: string,
  endpoint: 'reply' | 'parts',
  body: unknown,
): Promise<unknown> {
  try {
    return await client.request<unknown>({
      method: 'POST',
      path: `/conversations/${encodeURIComponent(conversationId)}/${endpoint}`,
      body,
      kind: 'send',
      route: `POST /conversations/:id/${endpoint}`,
    });
  } catch (error) {
    if (error instanceof IntercomNotFoundError && error.upstreamMessage === 'Resource Not Found') {
      throw new ConversationNotFoundError();
    }
    throw error;
  }
}

/** What a write to a conversation answers: the conversation, and the part the write made. */
interface WrittenConversation {
  readonly conversation: { readonly id: string };
  readonly reply: { readonly id: string } | null;
}

/**
 * A write to a conversation (a reply, an action) as every send is made: recorded in the ledger
 * when it is on (PENDING first, then the part's id), and answered once per idempotency key.
 */
export function writeToConversation<T extends WrittenConversation>(
  guards: { readonly idempotency?: IdempotentSends; readonly ledger?: LedgerRecorder },
  write: {
    readonly start: LedgerEntryStart;
    /** The operation and input the key's fingerprint is taken of. */
    readonly operation: string;
    readonly input: unknown;
    readonly codec: OutcomeCodec<T>;
  },
  options: SendOptions | undefined,
  now: () => Promise<T>,
): Promise<T> {
  const { idempotency, ledger } = guards;
  const send = () =>
    ledger
      ? ledger.run(write.start, now, ({ conversation, reply }) => ({
          state: 'SENT',
          intercomMessageId: reply?.id ?? null,
          conversationId: conversation.id,
          resolvedContactId: null,
        }))
      : now();
  if (!idempotency || !options?.idempotencyKey) return send();
  return idempotency.run(
    `${options.clientId}:${options.idempotencyKey}`,
    fingerprintOf(write.operation, write.input),
    write.codec,
    send,
  );
}
