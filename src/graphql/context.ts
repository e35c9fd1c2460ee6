import type { Principal } from '../auth/principal';
import type { ConversationActions } from '../conversations/conversation-actions';
import type { ConversationReplies } from '../conversations/conversation-replies';
import type { MessageLedger } from '../ledger/ledger.model';
import type { ConversationLookup } from '../conversations/conversation.service';
import type { MessageService } from '../messages/message.service';
import type { UpstreamAttempt } from '../observability/upstream-attempt';
import type { ConversationStreams } from '../realtime/conversation-streams';
import type { RequestServices } from '../services';

/** What every resolver gets: the domain services, and who is asking. */
export interface GatewayContext {
  readonly requestId: string;
  /** Who is asking, as the access control established. */
  readonly principal: Principal;
  /** The Intercom API version this gateway speaks upstream. */
  readonly intercomVersion: string;
  readonly messages: MessageService;
  readonly replies: ConversationReplies;
  /** Closing, opening, snoozing and assigning conversations. */
  readonly actions: ConversationActions;
  /** What the gateway sent; undefined with LEDGER=off. */
  readonly ledger: MessageLedger | undefined;
  /** Conversation lookups for this request, batched and de-duplicated. */
  readonly conversations: ConversationLookup;
  /** What subscriptions stream. */
  readonly realtime: ConversationStreams;
  /** The request's exchanges with Intercom so far, for its log line. */
  readonly upstream: UpstreamAttempt[];
  /**
   * Set once the request's log line and metrics are written by the GraphQL pipeline: one that
   * Apollo refused before it (a body that is no GraphQL request) is written by its transport.
   */
  readonly logged: { done: boolean };
}

/**
 * A request's context, its services built on first use (a trivial query needs none, a send one).
 * The getters live on the prototype and the cache in plain fields: Apollo Server copies a
 * context's own fields into a fresh object of the same prototype for each operation, which
 * keeps the copy lazy too.
 */
export class RequestContext implements GatewayContext {
  readonly upstream: UpstreamAttempt[] = [];
  // An object, not a flag: Apollo Server copies the context's own fields for each operation.
  readonly logged = { done: false };
  private services: RequestServices | undefined = undefined;
  private lookup: ConversationLookup | undefined = undefined;

  constructor(
    readonly requestId: string,
    readonly principal: Principal,
    readonly intercomVersion: string,
    readonly ledger: MessageLedger | undefined,
    readonly realtime: ConversationStreams,
    /** Builds the request's services, reporting its Intercom exchanges to `upstream`. */
    private readonly scope: (upstream: UpstreamAttempt[]) => RequestServices,
  ) {}

  get messages(): MessageService {
    return this.scoped().messages;
  }

  get replies(): ConversationReplies {
    return this.scoped().replies;
  }

  get actions(): ConversationActions {
    return this.scoped().actions;
  }

  get conversations(): ConversationLookup {
    return (this.lookup ??= this.scoped().conversations.createLookup());
  }

  private scoped(): RequestServices {
    return (this.services ??= this.scope(this.upstream));
  }
}
