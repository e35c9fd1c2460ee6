import type {
  MessageConversationIndex,
  RecalledMessage,
} from '../conversations/message-conversation-index';
import type { ContactReference, RecipientType, SenderType } from '../messages/message.model';
import type { LedgerEntry, LedgerParty, MessageLedger } from './ledger.model';

const EVERYTHING = { all: true } as const;

function contactOf(party: LedgerParty): ContactReference {
  return {
    type: party.type as RecipientType | SenderType,
    id: party.id,
    userId: party.userId,
    email: party.email,
  };
}

/** The contact a sent message went to (admin messages) or came from (user messages). */
export function recordedContactOf(entry: LedgerEntry): ContactReference | null {
  const party =
    entry.kind === 'ADMIN_MESSAGE' ? entry.to : entry.kind === 'USER_MESSAGE' ? entry.from : null;
  return party ? contactOf(party) : null;
}

/**
 * The ledger as the message -> conversation index: what the gateway sent, it remembers. A ledger
 * that cannot be read or written only costs a search: failures are reported, never thrown.
 */
export class LedgerConversationIndex implements MessageConversationIndex {
  constructor(
    private readonly ledger: MessageLedger,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  async recall(messageId: string): Promise<RecalledMessage | null> {
    let entry: LedgerEntry | null;
    try {
      entry = await this.ledger.find(messageId, EVERYTHING);
    } catch (error) {
      this.onFailure(error);
      return null;
    }
    if (!entry || entry.state !== 'SENT' || entry.intercomMessageId !== messageId) return null;
    const contact = recordedContactOf(entry);
    if (!contact) return null;
    return {
      contact,
      resolvedContactId: entry.resolvedContactId,
      conversationId: entry.conversationId,
    };
  }

  async remember(messageId: string, conversationId: string): Promise<void> {
    try {
      await this.ledger.rememberConversation(messageId, conversationId);
    } catch (error) {
      this.onFailure(error);
    }
  }
}
