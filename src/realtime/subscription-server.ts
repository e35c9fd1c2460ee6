import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { GraphQLError, getOperationAST, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { CloseCode, type Context, type SubscribePayload } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Principal } from '../auth/principal';
import type { GatewayContext } from '../graphql/context';
import { ErrorCode, formatError } from '../graphql/errors';
import { invalidVariables, variableFieldErrors } from '../guards/graphql-rules';
import { operationLabel, type GuardPipeline } from '../guards/pipeline';
import { clientAddress, type TrustProxy } from '../http/client-address';
import { RateLimitedError } from '../limits/errors';
import type { GatewayMetrics } from '../observability/metrics';
import { ClientSockets, type SubscriptionSlot } from './client-sockets';
import { serveGraphQLWs, type SocketExtra } from './ws-transport';

/** The longest subscription id a client may give (graphql-ws itself sets none). */
const MAX_SUBSCRIPTION_ID_LENGTH = 128;
export interface SubscriptionServerOptions {
  readonly server: Server;
  readonly path: string;
  readonly schema: GraphQLSchemaLike;
  readonly guards: GuardPipeline;
  readonly metrics: GatewayMetrics;
  readonly trustProxy: TrustProxy;
  /** Frames larger than this close the socket (1009) before anything reads them. */
  readonly maxFrameBytes: number;
  readonly maxSubscriptionsPerSocket: number;
  readonly maxSubscriptionsPerClient: number;
  /** Sockets one client may hold open at once; more are closed with 1008 at `connection_init`. */
  readonly maxSocketsPerClient: number;
  /** Every socket closes (4403) after this long, also one whose credential never expires. */
  readonly maxSocketLifetimeMs: number;
  readonly context: (principal: Principal, requestId: string) => GatewayContext;
}

type GraphQLSchemaLike = ExecutionArgs['schema'];
type ConnectionContext = Context<Record<string, unknown>, SocketExtra>;

/** What a connection established at `connection_init`. */
interface Connection {
  readonly principal: Principal;
  /** Closes the socket when the credential expires or the socket reaches its lifetime. */
  readonly expiry: NodeJS.Timeout;
}

/**
 * graphql-ws close code for refused credentials; also used when they expire mid-connection and
 * at the socket's maximum lifetime (graphql-ws clients reconnect after it).
 */
const FORBIDDEN = CloseCode.Forbidden;
/** WebSocket "policy violation": graphql-ws clients do not retry it. */
const POLICY_VIOLATION = 1008;
/** The largest frame before connection_init is accepted: its payload carries the credentials. */
const PRE_INIT_FRAME_BYTES = 16_384;
/** How long a closing socket waits for the client's close frame before it is cut. */
const CLOSE_HANDSHAKE_MS = 3000;
/** How often each socket is pinged (graphql-ws's own default). */
const KEEP_ALIVE_MS = 12_000;
/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2_147_483_647;

function authorizationOf(
  params: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' ? value : undefined;
}

/** An error the client sees with a stable code, built here rather than thrown by a resolver. */
const refusal = (message: string, code: string, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, ...extensions } });

/**
 * GraphQL subscriptions over graphql-ws on the HTTP server's /graphql path, behind the same guard
 * pipeline as HTTP: the Origin check, credentials (at `connection_init`, and again when they
 * expire), one request budget per client shared with HTTP, the same document rules (token limit,
 * armor limits, introspection switch), the same error codes, and one log line and metrics per
 * operation. Frames are bounded by GATEWAY_MAX_BODY_BYTES, subscriptions per socket and per
 * client are capped, and only subscriptions run here: queries and mutations go over HTTP.
 */
export function serveSubscriptions(options: SubscriptionServerOptions): { close(): Promise<void> } {
  const { guards, metrics } = options;
  const connections = new WeakMap<object, Connection>();
  /** Sockets whose connection_init was accepted. */
  const admittedSockets = new WeakSet<WebSocket>();
  const clientSockets = new ClientSockets<object>({
    socketsPerClient: options.maxSocketsPerClient,
    subscriptionsPerSocket: options.maxSubscriptionsPerSocket,
    subscriptionsPerClient: options.maxSubscriptionsPerClient,
  });
  /** Each accepted operation's slot under the caps, given back when its stream ends. */
  const slots = new WeakMap<GatewayContext, SubscriptionSlot>();
  /** Each operation's request id, per socket: its errors (also those thrown mid-stream) carry it. */
  const operationIds = new WeakMap<object, Map<string, string>>();
  const capMessages = {
    'subscriptions-per-socket': `A connection may run at most ${options.maxSubscriptionsPerSocket} subscriptions at once (GATEWAY_WS_MAX_SUBSCRIPTIONS_PER_SOCKET).`,
    'subscriptions-per-client': `A client may run at most ${options.maxSubscriptionsPerClient} subscriptions at once (GATEWAY_WS_MAX_SUBSCRIPTIONS_PER_CLIENT).`,
  } as const;

  const sockets = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: options.maxFrameBytes,
    // A client that never answers a close frame holds its socket (and a shutdown) this long
    // (an option of ws; its type definitions do not name it yet).
    ...({ closeTimeout: CLOSE_HANDSHAKE_MS } as object),
    verifyClient: ({ origin }: { origin?: string }, done: (ok: boolean, code?: number) => void) => {
      // Browsers always send Origin: a page elsewhere must not drive this gateway.
      const allowed = guards.originAllowed(origin === '' ? undefined : origin);
      if (!allowed) metrics.websocketRefusals.inc({ reason: 'origin' });
      done(allowed, 403);
    },
  });

  const recordRefusal = (
    connection: Connection | undefined,
    requestId: string,
    operation: string,
    outcome: string,
  ) =>
    guards.record({
      transport: 'websocket',
      requestId,
      clientId: connection?.principal.id ?? 'unknown',
      operation,
      outcome,
      seconds: 0,
      upstream: [],
    });

  /** Refuses an operation: counted, logged like any HTTP refusal, and sent as errors. */
  const refuse = (
    connection: Connection | undefined,
    requestId: string,
    operation: string,
    error: GraphQLError,
  ): readonly GraphQLError[] => {
    recordRefusal(connection, requestId, operation, String(error.extensions.code ?? 'error'));
    Object.assign(error.extensions, { requestId });
    return [error];
  };

  /** When each operation's setup began, for its log line. */
  const startedAt = new WeakMap<GatewayContext, number>();

  const served = serveGraphQLWs<Record<string, unknown>>(
    {
      schema: options.schema,
      onConnect: async (context) => {
        try {
          const principal = await guards.identify(
            'websocket',
            authorizationOf(context.connectionParams),
            clientAddress(context.extra.request, options.trustProxy),
          );
          // Checking credentials may wait (a JWKS fetch): a socket closed meanwhile has had its
          // close handled already, and would otherwise hold one of its client's slots for good.
          const socket = context.extra.socket;
          if (socket.readyState !== socket.OPEN) return false;
          if (!clientSockets.open(principal.id, context)) {
            metrics.websocketRefusals.inc({ reason: 'sockets-per-client' });
            context.extra.socket.close(
              POLICY_VIOLATION,
              'Too many connections from this client (GATEWAY_WS_MAX_SOCKETS_PER_CLIENT)',
            );
            return false;
          }
          // The earlier of the credential's expiry and the socket's lifetime: an API key never
          // expires, and a socket must not outlive a key that was revoked.
          const untilExpiry =
            principal.expiresAt === null ? Infinity : principal.expiresAt - Date.now();
          const expires = untilExpiry <= options.maxSocketLifetimeMs;
          const expiry = setTimeout(
            () => {
              metrics.websocketRefusals.inc({ reason: expires ? 'expired' : 'lifetime' });
              context.extra.socket.close(
                FORBIDDEN,
                expires
                  ? 'Forbidden: the token has expired'
                  : 'Forbidden: the connection reached its maximum lifetime',
              );
            },
            Math.min(Math.max(0, Math.min(untilExpiry, options.maxSocketLifetimeMs)), MAX_TIMER_MS),
          );
          expiry.unref();
          connections.set(context, { principal, expiry });
          admittedSockets.add(context.extra.socket);
          return true;
        } catch {
          // graphql-ws closes with 4403 Forbidden.
          return false;
        }
      },
      onClose: (context) => {
        const connection = connections.get(context);
        if (!connection) return;
        clearTimeout(connection.expiry);
        clientSockets.close(connection.principal.id, context);
      },
      onSubscribe: async (context, id, payload: SubscribePayload) => {
        const requestId = randomUUID();
        const connection = connections.get(context);
        if (!connection) {
          return refuse(
            connection,
            requestId,
            'invalid',
            refusal('Forbidden.', ErrorCode.FORBIDDEN),
          );
        }
        if (id.length > MAX_SUBSCRIPTION_ID_LENGTH) {
          // Kept for the subscription's life and echoed in each of its frames: a client's ids
          // are short (a UUID is 36). Closed as for any other message out of the protocol.
          metrics.websocketRefusals.inc({ reason: 'invalid-id' });
          context.extra.socket.close(CloseCode.BadRequest, 'Invalid subscription id');
          // Logged and counted as the protocol error it is, as HTTP's malformed requests are.
          return refuse(
            connection,
            requestId,
            'invalid',
            refusal('The subscription id is not valid.', 'BAD_REQUEST'),
          );
        }
        // The slot is taken before anything waits, so that a burst is counted in order.
        const slot = clientSockets.reserve(connection.principal.id, context, id);
        if (slot === 'id-in-use') {
          metrics.websocketRefusals.inc({ reason: slot });
          // What the protocol answers an id already in use (graphql-ws checks only its own list,
          // which forgets an id completed during its setup).
          context.extra.socket.close(
            CloseCode.SubscriberAlreadyExists,
            'Subscriber already exists',
          );
          return refuse(
            connection,
            requestId,
            'invalid',
            refusal('Forbidden.', ErrorCode.FORBIDDEN),
          );
        }
        if (typeof slot === 'string') {
          metrics.websocketRefusals.inc({ reason: slot });
          // A refusal costs the client's budget like any subscribe: a stream of them is bounded.
          await guards.charge(connection.principal).catch(() => undefined);
          return refuse(
            connection,
            requestId,
            'invalid',
            refusal(capMessages[slot], ErrorCode.RATE_LIMITED),
          );
        }
        try {
          const admitted = await admit(
            context as ConnectionContext,
            connection,
            requestId,
            payload,
          );
          if ('contextValue' in admitted) {
            slots.set(admitted.contextValue, slot);
            // Kept only for an admitted operation, until it completes or fails: a refusal carries
            // its request id in its own error, and leaves nothing behind.
            const ids = operationIds.get(context) ?? new Map<string, string>();
            operationIds.set(context, ids);
            ids.set(id, requestId);
          } else slot.release();
          return admitted;
        } catch (error) {
          slot.release();
          throw error;
        }
      },
      onOperation: (context, _id, _payload, args, result) => {
        const connection = connections.get(context);
        const contextValue = args.contextValue as GatewayContext;
        const streaming = Symbol.asyncIterator in result;
        const first = streaming ? undefined : (result as ExecutionResult).errors?.[0];
        guards.record({
          transport: 'websocket',
          requestId: contextValue.requestId,
          clientId: connection?.principal.id ?? 'unknown',
          operation: operationLabel(getOperationAST(args.document, args.operationName)),
          outcome: first
            ? String(formatError(first.toJSON(), first).extensions?.code ?? 'error')
            : 'ok',
          seconds: (performance.now() - (startedAt.get(contextValue) ?? performance.now())) / 1000,
          upstream: contextValue.upstream,
        });
        const slot = slots.get(contextValue);
        if (!streaming) {
          slot?.release();
          return undefined;
        }
        return counted(result as AsyncGenerator<ExecutionResult>, metrics, () => slot?.release());
      },
      onNext: (_context, _id, _payload, args, result) => {
        if (!('errors' in result) || !result.errors) return undefined;
        const requestId = (args.contextValue as GatewayContext).requestId;
        return {
          ...result,
          errors: result.errors.map((error) => {
            const formatted = formatError(error.toJSON(), error);
            return { ...formatted, extensions: { ...formatted.extensions, requestId } };
          }),
        };
      },
      // An error thrown while streaming arrives wrapped without a path: unwrap it before mapping.
      onComplete: (context, id) => {
        operationIds.get(context)?.delete(id);
      },
      onError: (context, id, _payload, errors) =>
        errors.map((error) => {
          const original = error.originalError ?? error;
          // The client's own budget, spent by a subscription's polls: as an HTTP 429 says it.
          const formatted =
            original instanceof RateLimitedError
              ? refusal(original.message, ErrorCode.RATE_LIMITED, {
                  retryAfterSeconds: original.retryAfterSeconds,
                }).toJSON()
              : formatError(error.toJSON(), original);
          const requestId = error.extensions.requestId ?? operationIds.get(context)?.get(id);
          operationIds.get(context)?.delete(id);
          return requestId === undefined
            ? formatted
            : { ...formatted, extensions: { ...formatted.extensions, requestId } };
        }),
    },
    sockets,
    {
      maxUnreadBytes: 2 * options.maxFrameBytes,
      preInitFrameBytes: PRE_INIT_FRAME_BYTES,
      admitted: (socket) => admittedSockets.has(socket),
      keepAliveMs: KEEP_ALIVE_MS,
      onRefusal: (reason) => metrics.websocketRefusals.inc({ reason }),
    },
  );
  /**
   * The checks an admitted subscription passes (its slot is taken already): credentials still
   * valid, the client's budget, the document rules, only subscriptions, the variables. Answers
   * the errors to send, or what to execute.
   */
  async function admit(
    context: ConnectionContext,
    connection: Connection,
    requestId: string,
    payload: SubscribePayload,
  ) {
    const { principal } = connection;
    if (principal.expiresAt !== null && principal.expiresAt <= Date.now()) {
      metrics.websocketRefusals.inc({ reason: 'expired' });
      context.extra.socket.close(FORBIDDEN, 'Forbidden: the token has expired');
      return refuse(
        connection,
        requestId,
        'invalid',
        refusal('The token has expired.', ErrorCode.UNAUTHENTICATED),
      );
    }
    try {
      await guards.charge(principal);
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      return refuse(
        connection,
        requestId,
        'invalid',
        refusal(error.message, ErrorCode.RATE_LIMITED, {
          retryAfterSeconds: error.retryAfterSeconds,
        }),
      );
    }
    const checked = guards.rules.check(options.schema, payload.query);
    if (checked.errors) {
      for (const error of checked.errors) {
        Object.assign(error.extensions, { code: checked.code, requestId });
      }
      recordRefusal(connection, requestId, 'invalid', checked.code);
      return checked.errors;
    }
    const operation = getOperationAST(checked.document, payload.operationName);
    const label = operationLabel(operation);
    if (operation?.operation !== 'subscription') {
      metrics.websocketRefusals.inc({ reason: 'not-a-subscription' });
      return refuse(
        connection,
        requestId,
        label,
        refusal(
          'Only subscriptions run over WebSocket: send queries and mutations over HTTP (POST /graphql).',
          'GRAPHQL_VALIDATION_FAILED',
        ),
      );
    }
    const fieldErrors = variableFieldErrors(options.schema, operation, payload.variables);
    if (fieldErrors.length > 0) {
      const error = invalidVariables(fieldErrors);
      Object.assign(error.extensions, { fieldErrors });
      return refuse(connection, requestId, label, error);
    }
    const contextValue = options.context(principal, requestId);
    startedAt.set(contextValue, performance.now());
    return {
      schema: options.schema,
      document: checked.document,
      operationName: payload.operationName ?? null,
      variableValues: payload.variables ?? null,
      contextValue,
    };
  }
  return {
    // The transport tells every client it is going away and closes the WebSocket server.
    close: () => served.dispose(),
  };
}

/**
 * The subscription's stream, counted in `gateway_subscriptions_active` until it ends however it
 * ends: run out, failed, or returned (graphql-ws returns it when the client completes or the
 * socket closes, possibly before its first `next`).
 */
function counted(
  source: AsyncGenerator<ExecutionResult>,
  metrics: GatewayMetrics,
  onEnd: () => void,
): AsyncGenerator<ExecutionResult> {
  metrics.activeSubscriptions.inc();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    metrics.activeSubscriptions.dec();
    onEnd();
  };
  const stream = {
    async next() {
      try {
        const step = await source.next();
        if (step.done) end();
        return step;
      } catch (error) {
        end();
        throw error;
      }
    },
    async return(value?: unknown) {
      // Counted until the stream has stopped: a stream that did not stop still holds its
      // listeners, and its place keeps standing for them.
      try {
        return await source.return(value as never);
      } finally {
        end();
      }
    },
    async throw(error?: unknown) {
      end();
      return source.throw(error);
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream as unknown as AsyncGenerator<ExecutionResult>;
}
