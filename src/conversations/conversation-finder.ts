import type { ContactDirectory } from '../contacts/contact-directory';
import type { IntercomRequester } from '../intercom/client';
import { IntercomRejectedError } from '../intercom/errors';
import { SenderType, type ContactReference } from '../messages/message.model';
import { listPagesV1, searchPages } from './conversation-pages';
import { sourceMessageId } from './conversation-wire';

const ROLE: Record<string, 'user' | 'lead' | 'visitor'> = {
  [SenderType.USER]: 'user',
  [SenderType.LEAD]: 'lead',
  [SenderType.VISITOR]: 'visitor',
};

/**
 * Finds the conversations that messages started, the way Intercom tells integrators to: walk the
 * contact's conversations looking for the message id. One walk serves many messages of one contact
 * and stops as soon as every one is found.
 */
export class ConversationFinder {
  constructor(
    private readonly client: IntercomRequester,
    private readonly contacts: ContactDirectory,
    private readonly family: 1 | 2,
    private readonly maxPages: number,
  ) {}

  /** Raw conversation JSON by message id, for the messages whose conversation exists. */
  async find(
    contact: ContactReference,
    messageIds: readonly string[],
  ): Promise<Map<string, unknown>> {
    const pages =
      this.family === 1 ? this.pagesV1(contact) : await this.pagesV2(contact, messageIds);
    return collect(pages, messageIds);
  }

  /**
   * Throws NotFoundError when the contact does not exist. On 1.x the lookup itself answers 404
   * for an unknown user; 2.x searches answer "nothing" instead, so the contact is asked for.
   */
  async assertContactExists(contact: ContactReference): Promise<void> {
    if (this.family === 2) await this.contacts.assertExists(contact, ROLE[contact.type] ?? 'user');
  }

  private pagesV1(contact: ContactReference): AsyncGenerator<unknown[]> {
    const query = new URLSearchParams(
      contact.id
        ? { intercom_user_id: contact.id }
        : contact.userId
          ? { user_id: contact.userId }
          : { email: contact.email ?? '' },
    );
    return listPagesV1(this.client, query, this.maxPages);
  }

  private async pagesV2(
    contact: ContactReference,
    messageIds: readonly string[],
  ): Promise<AsyncGenerator<unknown[]>> {
    const contactId = await this.contacts.idOf(contact, ROLE[contact.type] ?? 'user', 'contact');
    const byContact = { field: 'contact_ids', operator: '=', value: contactId };
    const bySource =
      messageIds.length === 1
        ? { field: 'source.id', operator: '=', value: messageIds[0] }
        : { field: 'source.id', operator: 'IN', value: messageIds };
    return withFallback(
      searchPages(this.client, { operator: 'AND', value: [byContact, bySource] }, this.maxPages),
      // Where Intercom refuses the source.id filter, the contact's conversations are walked whole.
      () => searchPages(this.client, byContact, this.maxPages),
    );
  }
}

/** Pages from `primary`, or from `fallback` when Intercom refuses the first page of `primary`. */
async function* withFallback(
  primary: AsyncGenerator<unknown[]>,
  fallback: () => AsyncGenerator<unknown[]>,
): AsyncGenerator<unknown[]> {
  let first: IteratorResult<unknown[]>;
  try {
    first = await primary.next();
  } catch (error) {
    if (!(error instanceof IntercomRejectedError)) throw error;
    yield* fallback();
    return;
  }
  if (first.done) return;
  yield first.value;
  yield* primary;
}

async function collect(
  pages: AsyncGenerator<unknown[]>,
  messageIds: readonly string[],
): Promise<Map<string, unknown>> {
  const wanted = new Set(messageIds);
  const found = new Map<string, unknown>();
  for await (const conversations of pages) {
    for (const conversation of conversations) {
      const messageId = sourceMessageId(conversation);
      // Only a conversation whose source is the message counts, whatever the search matched.
      if (messageId !== null && wanted.has(messageId) && !found.has(messageId)) {
        found.set(messageId, conversation);
      }
    }
    if (found.size === wanted.size) {
      await pages.return(undefined);
      break;
    }
  }
  return found;
}
