import DataLoader from 'dataloader';
import type { IntercomRequester } from '../intercom/client';
import { IntercomNotFoundError } from '../intercom/errors';
import { isIntercomId } from '../intercom/id-shapes';
import type { ContactReference } from '../messages/message.model';
import type { ConversationIdCache } from '../store/conversation-id-cache';
import type { Conversation } from './conversation.model';
import type { ConversationFinder } from './conversation-finder';
import { sourceMessageId, toConversation } from './conversation-wire';
import { namesRecordedContact, type MessageConversationIndex } from './message-conversation-index';

export interface ConversationLookupKey {
  readonly messageId: string;
  /** The contact whose conversations are walked: the recipient, or the sender. */
  readonly contact: ContactReference;
  /** Set when Intercom already said which conversation it is: fetched directly, no walk. */
  readonly conversationId?: string | null;
}

/** Per request: identical lookups share one answer, and lookups are batched per contact. */
export interface ConversationLookup {
  forMessage(key: ConversationLookupKey): Promise<Conversation | null>;
  /** One conversation with all its parts; asked of Intercom once per request. */
  byId(conversationId: string): Promise<Conversation | null>;
  /**
   * The id of the conversation a message started, where it is known without asking Intercom
   * (the send's answer, or the index): null otherwise.
   */
  knownIdForMessage(key: ConversationLookupKey): Promise<string | null>;
}

const contactKey = (contact: ContactReference): string =>
  contact.id
    ? `${contact.type}:id:${contact.id}`
    : contact.userId
      ? `${contact.type}:user_id:${contact.userId}`
      : `${contact.type}:email:${(contact.email ?? '').toLowerCase()}`;

/** The cache key names the contact too, so a lookup for another contact never sees this answer. */
const cacheKey = (key: ConversationLookupKey): string =>
  `${key.messageId}|${contactKey(key.contact)}`;

export class ConversationService {
  constructor(
    private readonly client: IntercomRequester,
    private readonly finder: ConversationFinder,
    private readonly cache: ConversationIdCache,
    /** Told whether each cache lookup found an entry (metrics). */
    private readonly onCacheLookup: (hit: boolean) => void = () => undefined,
    /** What the gateway sent and where it led (the ledger); none: the cache alone remembers. */
    private readonly index?: MessageConversationIndex,
  ) {}

  /**
   * Keeps what a conversation (Intercom's JSON: a webhook's item, a fetched conversation) says
   * about the message that started it.
   */
  async remember(conversationJson: unknown): Promise<void> {
    const messageId = sourceMessageId(conversationJson);
    const conversationId = (conversationJson as { id?: unknown } | null)?.id;
    if (!this.index || messageId === null || !isIntercomId(conversationId)) return;
    await this.index.remember(messageId, conversationId);
  }

  /** The conversation id the index holds for a message, if the lookup names its contact. */
  private async indexedId(key: ConversationLookupKey): Promise<string | null> {
    if (!this.index) return null;
    const recalled = await this.index.recall(key.messageId);
    return recalled && namesRecordedContact(recalled, key.contact) ? recalled.conversationId : null;
  }

  /** One conversation by id; null when Intercom has no such conversation. */
  async byId(conversationId: string): Promise<Conversation | null> {
    try {
      const json = await this.client.request<unknown>({
        method: 'GET',
        path: `/conversations/${encodeURIComponent(conversationId)}`,
        kind: 'read',
        route: 'GET /conversations/:id',
      });
      return toConversation(json);
    } catch (error) {
      if (error instanceof IntercomNotFoundError) return null;
      throw error;
    }
  }

  /** Throws NotFoundError when Intercom has no such contact (a wait for it would never end). */
  assertContactExists(contact: ContactReference): Promise<void> {
    return this.finder.assertContactExists(contact);
  }

  /** A lookup for one GraphQL request. */
  createLookup(): ConversationLookup {
    const loader = new DataLoader<ConversationLookupKey, Conversation | null, string>(
      (keys) => this.lookUpMany(keys),
      { cacheKeyFn: (key) => `${cacheKey(key)}|${key.conversationId ?? ''}` },
    );
    const byId = new Map<string, Promise<Conversation | null>>();
    return {
      forMessage: (key) => loader.load(key),
      knownIdForMessage: async (key) => key.conversationId ?? (await this.indexedId(key)),
      byId: (conversationId) => {
        let found = byId.get(conversationId);
        if (!found) byId.set(conversationId, (found = this.byId(conversationId)));
        return found;
      },
    };
  }

  private async lookUpMany(
    keys: readonly ConversationLookupKey[],
  ): Promise<Array<Conversation | null | Error>> {
    const results = new Array<Conversation | null | Error>(keys.length).fill(null);
    const walks = new Map<string, { contact: ContactReference; indexes: number[] }>();

    await Promise.all(
      keys.map(async (key, index) => {
        try {
          let known: string | null | undefined = key.conversationId ?? (await this.indexedId(key));
          if (known == null) {
            known = await this.cache.get(cacheKey(key));
            this.onCacheLookup(known !== undefined);
          }
          if (known !== undefined && known !== null) {
            const conversation = await this.byId(known);
            // A conversation that no longer starts with this message is not the one: walk again.
            if (conversation && conversation.source.id === key.messageId) {
              results[index] = conversation;
              return;
            }
            await this.cache.delete(cacheKey(key));
          }
          const group = walks.get(contactKey(key.contact)) ?? { contact: key.contact, indexes: [] };
          group.indexes.push(index);
          walks.set(contactKey(key.contact), group);
        } catch (error) {
          results[index] = error as Error;
        }
      }),
    );

    await Promise.all(
      [...walks.values()].map(async ({ contact, indexes }) => {
        try {
          const messageIds = [
            ...new Set(indexes.map((index) => (keys[index] as ConversationLookupKey).messageId)),
          ];
          const found = await this.finder.find(contact, messageIds);
          for (const index of indexes) {
            const key = keys[index] as ConversationLookupKey;
            const json = found.get(key.messageId);
            if (json === undefined) continue;
            const conversation = toConversation(json);
            results[index] = conversation;
            await this.cache.set(cacheKey(key), conversation.id);
            await this.index?.remember(key.messageId, conversation.id);
          }
        } catch (error) {
          for (const index of indexes) results[index] = error as Error;
        }
      }),
    );
    return results;
  }
}
