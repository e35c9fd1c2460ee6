import type { GatewayConfig } from './config';
import { ContactDirectory } from './contacts/contact-directory';
import { ConversationFinder } from './conversations/conversation-finder';
import { ConversationActions } from './conversations/conversation-actions';
import { ConversationReplies } from './conversations/conversation-replies';
import { ConversationService } from './conversations/conversation.service';
import { IntercomClient, tracedRequester, type IntercomRequester } from './intercom/client';
import { TokenVerification } from './intercom/token-verification';
import type { Logger } from './logger';
import { LedgerConversationIndex } from './ledger/ledger-conversation-index';
import { LedgerRecorder, type RecorderFailureStep } from './ledger/ledger-recorder';
import type { MessageLedger } from './ledger/ledger.model';
import type { IdempotencyStore } from './store/idempotency-store';
import { IdempotentSends } from './messages/idempotency';
import { MessageService } from './messages/message.service';
import type { GatewayMetrics } from './observability/metrics';
import type { UpstreamAttempt } from './observability/upstream-attempt';
import { ConversationStreams } from './realtime/conversation-streams';
import { pollLane } from './realtime/poll-lane';
import { bulkLane } from './bulk/bulk-lane';
import { createStores, type Stores } from './store/stores';
import { describeDatabaseError, isPoolBusyError, isRowError } from './store/ledger/database-errors';
import type { LedgerHealth } from './store/ledger/ledger-health';

/** Intercom exchanges a request's log line lists, at most. */
const MAX_LOGGED_ATTEMPTS = 50;

/** Ledger writes kept in memory while the database fails, at most (about 1 KB each). */
const LEDGER_BACKLOG_MAX = 10_000;

/** What the log says of each way a ledger write can fail. */
const RECORDER_FAILURES: Record<RecorderFailureStep, string> = {
  begin: 'the ledger could not be written: the write is kept until it answers again',
  settle: 'the ledger could not be written: the write is kept until it answers again',
  late: 'the ledger still cannot be written: the writes kept for later wait',
  dropped: 'the ledger backlog is full: the oldest write kept for later is dropped',
  rejected: 'the ledger refused an entry for its own values: that entry alone is not recorded',
  lost: 'the gateway stops with ledger writes it could not make: they are lost',
};

export interface Upstream {
  readonly baseUrl: string;
  readonly accessToken: string;
}

/** The domain services of one gateway, wired to its Intercom client, stores and metrics. */
export interface Services {
  readonly stores: Stores;
  readonly client: IntercomClient;
  /** The ledger as /readyz reports it. */
  readonly ledgerState: () => 'off' | 'ok' | 'failing';
  /** Writes the ledger missed (LEDGER_REQUIRED=false), made once it answers again. */
  readonly ledgerBacklog: {
    readonly size: () => number;
    flush(): Promise<void>;
    /** Gives up (and reports) what is still kept, as the process stops; answers how many. */
    abandon(): number;
  };
  /** Whether Intercom accepts the access token, kept current by every answer. */
  readonly token: TokenVerification;
  readonly messages: MessageService;
  readonly replies: ConversationReplies;
  readonly conversations: ConversationService;
  readonly realtime: ConversationStreams;
  /** Admin messages in the quota's bulk lane (behind live sends and polls), for bulk sends. */
  readonly bulkMessages: MessageService;
  /** The services as one GraphQL request uses them: each Intercom exchange goes to `upstream`. */
  forRequest(upstream: UpstreamAttempt[]): RequestServices;
}

export interface RequestServices {
  readonly messages: MessageService;
  readonly replies: ConversationReplies;
  readonly actions: ConversationActions;
  readonly conversations: ConversationService;
}

export function createServices(
  config: GatewayConfig,
  upstream: Upstream,
  logger: Logger,
  metrics: GatewayMetrics,
  /** Whether Intercom's webhooks reach this gateway; without them, subscriptions poll. */
  webhooksOn: boolean,
  /** The ledger and its idempotency records, when LEDGER=on. */
  ledgerStores:
    { ledger: MessageLedger; idempotency: IdempotencyStore; health: LedgerHealth } | undefined,
): Services {
  const ledger = ledgerStores?.ledger;
  const stores = createStores(config, upstream, logger);
  const token = new TokenVerification();
  const client = new IntercomClient(
    {
      ...config.intercom,
      baseUrl: upstream.baseUrl,
      accessToken: upstream.accessToken,
    },
    {
      onAttempt(attempt) {
        const status = attempt.status ?? 0;
        token.observe(attempt.status);
        metrics.upstreamCalls.inc({ route: attempt.route, status });
        metrics.upstreamDuration.observe({ route: attempt.route }, attempt.durationMs / 1000);
        if (attempt.retry) metrics.upstreamRetries.inc({ route: attempt.route });
      },
    },
    stores.pacer,
  );
  metrics.watchConnectionWaits(() => client.callsWaitingForConnection);
  const family = config.intercom.version.startsWith('1.') ? 1 : 2;
  // With the ledger on, its database keeps the idempotency records of record (durable, shared);
  // while it fails, this replica's own store guards the sends.
  /** Counted, and logged with what becomes of the send (`what`). */
  const degraded = (what: string) => (error: unknown) => {
    metrics.idempotencyDegraded.inc();
    logger.warn({ err: describeDatabaseError(error) }, `idempotency store unavailable: ${what}`);
  };
  const idempotencyOptions = {
    ttlMs: config.idempotency.ttlSeconds * 1000,
    waitMs: config.intercom.timeoutMs + 1000,
    leaseMs: config.idempotency.leaseMs,
    required: config.idempotency.required,
    onReplay: () => metrics.idempotentReplays.inc(),
    onDegraded: degraded("this replica's own store guards the send"),
  };
  const idempotentSends = new IdempotentSends(
    ledgerStores?.idempotency ?? stores.idempotency,
    idempotencyOptions,
    ledgerStores ? (stores.idempotencyFallback ?? stores.idempotency) : stores.idempotencyFallback,
  );
  // A bulk recipient's claim is in the shared store or nowhere: a claim in this replica's own
  // store would not keep another replica, taking the job again, from sending it a second time.
  // Without the shared store the recipient waits (its slice is tried again), never sent blind.
  const bulkIdempotentSends = new IdempotentSends(ledgerStores?.idempotency ?? stores.idempotency, {
    ...idempotencyOptions,
    required: true,
    onDegraded: degraded("a bulk recipient's claim is left to its lease"),
  });
  const recorder = ledgerStores
    ? new LedgerRecorder(ledgerStores.ledger, {
        storeBodies: config.ledger.storeBodies,
        required: config.ledger.required,
        outcomeBeforeAnswer: config.ledger.outcomeBeforeAnswer,
        backlogMax: LEDGER_BACKLOG_MAX,
        available: () => ledgerStores.health.state === 'ok',
        isRowError,
        onFailure: (error, step) => {
          metrics.ledgerFailures.inc({ step });
          // A write the database failed (not one it refused for its values): /readyz says so,
          // and writes skip the database until the health probe finds it working again. Not a
          // write that found every pooled connection busy: the database is working for them.
          if ((step === 'begin' || step === 'settle' || step === 'late') && !isPoolBusyError(error))
            ledgerStores.health.reportFailure('a ledger write failed');
          const what =
            step === 'begin' && config.ledger.required
              ? 'the ledger could not be written: the send is refused (LEDGER_REQUIRED=true)'
              : RECORDER_FAILURES[step];
          // The error's class and code only: a database's message may quote the row's values.
          const err = describeDatabaseError(error);
          if (step === 'lost' || step === 'rejected') logger.error({ err, step }, what);
          else logger.warn({ err, step }, what);
        },
      })
    : undefined;
  const index = ledger
    ? new LedgerConversationIndex(ledger, (error) => {
        metrics.ledgerFailures.inc({ step: 'index' });
        logger.warn(
          { err: describeDatabaseError(error) },
          'the ledger could not be read or written for a message’s conversation: searching instead',
        );
      })
    : undefined;
  const onCacheLookup = (hit: boolean) =>
    metrics.conversationCache.inc({ result: hit ? 'hit' : 'miss' });
  /**
   * The domain services over `requester`, each built on first use: one set per request, and
   * most operations use one service of it (a trivial query none).
   */
  const servicesOver = (
    requester: IntercomRequester,
    sends: IdempotentSends = idempotentSends,
  ): RequestServices => {
    let contacts: ContactDirectory | undefined;
    let messages: MessageService | undefined;
    let replies: ConversationReplies | undefined;
    let actions: ConversationActions | undefined;
    let conversations: ConversationService | undefined;
    const directory = () => (contacts ??= new ContactDirectory(requester));
    return {
      get messages() {
        return (messages ??= new MessageService(requester, directory(), sends, recorder));
      },
      get replies() {
        return (replies ??= new ConversationReplies(requester, sends, recorder));
      },
      get actions() {
        return (actions ??= new ConversationActions(requester, sends, recorder));
      },
      get conversations() {
        return (conversations ??= new ConversationService(
          requester,
          new ConversationFinder(
            requester,
            directory(),
            family,
            config.conversations.lookupMaxPages,
          ),
          stores.conversationCache,
          onCacheLookup,
          index,
        ));
      },
    };
  };
  const { messages, replies, conversations } = servicesOver(client);
  const realtime = new ConversationStreams(
    stores.events,
    // Subscriptions ask Intercom in the poll lane: behind any send, within their share.
    servicesOver(pollLane(client)).conversations,
    webhooksOn
      ? undefined
      : {
          intervalMs: config.conversations.pollIntervalMs,
          maxWaitMs: config.conversations.pollMaxWaitMs,
        },
  );
  return {
    stores,
    client,
    token,
    ledgerState: () => ledgerStores?.health.state ?? 'off',
    ledgerBacklog: {
      size: () => recorder?.backlog ?? 0,
      flush: async () => recorder?.flush(),
      abandon: () => recorder?.abandon() ?? 0,
    },
    messages,
    replies,
    conversations,
    realtime,
    bulkMessages: servicesOver(bulkLane(client), bulkIdempotentSends).messages,
    forRequest: (upstream) =>
      servicesOver(
        tracedRequester(client, (attempt) => {
          // Bounded: a long-lived subscription's context keeps its list.
          if (upstream.length >= MAX_LOGGED_ATTEMPTS) return;
          upstream.push({
            route: attempt.route,
            status: attempt.status,
            ms: attempt.durationMs,
            retry: attempt.retry,
          });
        }),
      ),
  };
}
