import type { Principal } from '../auth/principal';
import type { ConversationReplies } from '../conversations/conversation-replies';
import type { MessageLedger } from '../ledger/ledger.model';
import type { ConversationLookup } from '../conversations/conversation.service';
import type { MessageService } from '../messages/message.service';
import type { UpstreamAttempt } from '../observability/upstream-attempt';
import type { ConversationStreams } from '../realtime/conversation-streams';

/** What every resolver gets: the domain services, and who is asking. */
export interface GatewayContext {
  readonly requestId: string;
  /** Who is asking, as the access control established. */
  readonly principal: Principal;
  readonly messages: MessageService;
  readonly replies: ConversationReplies;
  /** What the gateway sent; undefined with LEDGER=off. */
  readonly ledger: MessageLedger | undefined;
  /** Conversation lookups for this request, batched and de-duplicated. */
  readonly conversations: ConversationLookup;
  /** What subscriptions stream. */
  readonly realtime: ConversationStreams;
  /** The request's exchanges with Intercom so far, for its log line. */
  readonly upstream: UpstreamAttempt[];
}
