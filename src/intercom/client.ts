import { setTimeout as sleep } from 'node:timers/promises';
import { errors as undiciErrors, type Dispatcher, type Pool } from 'undici';
import {
  IntercomAuthError,
  IntercomBadResponseError,
  IntercomConnectionsBusyError,
  type IntercomError,
  IntercomNotFoundError,
  IntercomRateLimitedError,
  IntercomRejectedError,
  IntercomShutdownError,
  IntercomTimeoutError,
  IntercomUnavailableError,
  IntercomUnsubscribedError,
} from './errors';
import { ConnectionSlots } from './connection-slots';
import { ExchangeDeadline, WriteTrackingPool } from './exchange-deadline';
import type { QuotaLane, QuotaPacer } from './quota-pacer';
import { backoffMs, rateLimitWaitMs } from './retry-policy';

export interface IntercomClientOptions {
  readonly baseUrl: string;
  readonly accessToken: string;
  /** Sent as `Intercom-Version` on every request. */
  readonly version: string;
  /** Overall budget for one call, retries and waits included. */
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly maxConnections: number;
  /** Answers larger than this are not read: IntercomBadResponseError. */
  readonly maxResponseBytes: number;
  /** Retries after 429 and after a refused connection. */
  readonly maxRetries: number;
  /** The longest single wait before a retry (a longer Retry-After ends the call). */
  readonly retryMaxWaitMs: number;
  /** Retries of a 404 on calls that may meet a just-created contact. */
  readonly newContactRetries: number;
  readonly newContactRetryDelayMs: number;
  readonly userAgent?: string;
}

export interface IntercomRequest {
  readonly method: 'GET' | 'POST';
  /** Path with query string, e.g. `/conversations/search`. */
  readonly path: string;
  readonly body?: unknown;
  /**
   * `send`: creates something (POST /messages). Never retried once Intercom may have it.
   * `read`: safe to repeat.
   */
  readonly kind: 'send' | 'read';
  /** Retry a 404 with backoff: the contact may have been created moments ago. */
  readonly retryNotFound?: boolean;
  /** A stable name for logs and metrics, e.g. `POST /messages`. */
  readonly route: string;
  /** Told of each exchange this call makes, after the client's observer (a request's log). */
  readonly onAttempt?: (event: IntercomAttempt) => void;
  /** The quota pacer's lane; default `request`. Subscriptions' polls wait behind requests. */
  readonly lane?: QuotaLane;
}

/** One exchange with Intercom: an attempt of a call. */
export interface IntercomAttempt {
  readonly route: string;
  readonly status: number | undefined;
  readonly durationMs: number;
  readonly retry: boolean;
}

export interface IntercomCallObserver {
  onAttempt?(event: IntercomAttempt): void;
}

/** What the domain services need of the client: calls, and the API version they speak. */
export type IntercomRequester = Pick<IntercomClient, 'request' | 'version' | 'pathOf'>;

/**
 * The client as one GraphQL request sees it: every exchange is also told to `onAttempt`, so the
 * request's log line lists its Intercom calls without a context carried by async hooks.
 */
export function tracedRequester(
  client: IntercomRequester,
  onAttempt: (event: IntercomAttempt) => void,
): IntercomRequester {
  return {
    version: client.version,
    request: (call) => client.request({ ...call, onAttempt }),
    pathOf: (absoluteUrl) => client.pathOf(absoluteUrl),
  };
}

interface Answer {
  status: number;
  headers: Dispatcher.ResponseData['headers'];
  text: string;
}

interface UpstreamErrorBody {
  request_id?: string;
  errors?: Array<{ code?: string; message?: string }>;
}

/** When a call must be over: set when its time starts (for a bulk send, once the pacer lets it go). */
interface CallBudget {
  deadline: number | undefined;
}

/**
 * The least time left (or a quarter of INTERCOM_TIMEOUT_MS, when that is less) with which an
 * exchange is still started.
 */
const MIN_EXCHANGE_MS = 1000;

const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function parseErrorBody(text: string): UpstreamErrorBody {
  try {
    const body = JSON.parse(text) as unknown;
    return typeof body === 'object' && body !== null ? (body as UpstreamErrorBody) : {};
  } catch {
    return {};
  }
}

/**
 * Intercom's error sentence, passed on to clients only when it looks like one: short, one line,
 * words and punctuation. Anything else is dropped rather than relayed: markup, and a sentence
 * that quotes a value (in quotes, or an email address), which may be what the client sent.
 */
function intercomSentence(message: string | undefined): string | undefined {
  if (message === undefined || message.length > 200) return undefined;
  return /^[\p{L}\p{N} .,:;()/_#+-]+$/u.test(message) ? message : undefined;
}

/** An identifier from Intercom's answer (its error code, its request id), or none if not one. */
function token(value: unknown, maxLength: number): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) return undefined;
  return /^[\w.-]+$/.test(value) ? value : undefined;
}

/** For promises whose outcome nobody needs, once it is settled. */
function noop(): void {}

/**
 * An answer's body as text, or undefined once it is over `maxBytes` (then the rest is dropped
 * unread): Intercom's answers are small, and a huge one must not fill the gateway's memory.
 */
async function readBounded(
  response: Dispatcher.ResponseData,
  maxBytes: number,
): Promise<string | undefined> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.body.destroy();
    return undefined;
  }
  // A declared length within bounds is all the body can be (the parser reads no more): read it
  // whole, without an async iterator's promise per chunk.
  if (Number.isFinite(declared)) return response.body.text();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      response.body.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1
    ? (chunks[0] as Buffer).toString('utf8')
    : Buffer.concat(chunks).toString('utf8');
}

/** The Intercom REST client: one keep-alive pool per origin, bounded retries, typed errors. */
export class IntercomClient {
  private readonly pool: Pool;
  private readonly connections: ConnectionSlots;
  private readonly pathPrefix: string;
  private readonly headers: Record<string, string>;
  /** Set once the gateway stopped waiting for Intercom at shutdown. */
  private abandoned = false;
  /** Set by `close`: no new exchange starts. */
  private closing = false;
  /** Exchanges whose caller still waits for them, and who to tell when none is left. */
  private exchangesWaitedFor = 0;
  private noExchangeWaitedFor: (() => void) | undefined;

  constructor(
    private readonly options: IntercomClientOptions,
    private readonly observer: IntercomCallObserver = {},
    /** Keeps calls within Intercom's rate limit; none: every call goes at once. */
    private readonly pacer?: QuotaPacer,
  ) {
    const url = new URL(options.baseUrl);
    this.pathPrefix = url.pathname.replace(/\/+$/, '');
    this.pool = new WriteTrackingPool(url.origin, {
      connections: options.maxConnections,
      connectTimeout: options.connectTimeoutMs,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
      keepAliveTimeout: 30_000,
    });
    this.connections = new ConnectionSlots(options.maxConnections);
    this.headers = {
      authorization: `Bearer ${options.accessToken}`,
      accept: 'application/json',
      'intercom-version': options.version,
      'user-agent': options.userAgent ?? 'intercom-messages-gateway',
    };
  }

  get version(): string {
    return this.options.version;
  }

  /** Calls waiting for a free connection (every one of INTERCOM_MAX_CONNECTIONS busy). */
  get callsWaitingForConnection(): number {
    return this.connections.waitingCount;
  }

  /**
   * The request path for an absolute URL Intercom gave (1.x `pages.next`). Only URLs under the
   * configured base are followed: the access token is never sent anywhere else.
   */
  pathOf(absoluteUrl: string): string {
    let url: URL;
    try {
      url = new URL(absoluteUrl);
    } catch {
      throw new IntercomBadResponseError('Intercom gave a next-page link that is not a URL.');
    }
    const base = new URL(this.options.baseUrl);
    if (url.origin !== base.origin || !url.pathname.startsWith(this.pathPrefix)) {
      throw new IntercomBadResponseError('Intercom gave a next-page link outside its own API.');
    }
    return url.pathname.slice(this.pathPrefix.length) + url.search;
  }

  /**
   * Stops waiting for Intercom (the shutdown grace is over): every call under way ends at once,
   * a send as IntercomTimeoutError with `mayHaveBeenSent`, and no new call starts.
   */
  async abandonInFlight(): Promise<void> {
    this.abandoned = true;
    this.connections.close();
    await this.pool.destroy().catch(() => undefined);
  }

  async close(): Promise<void> {
    // A call that reaches the pool after this (a bulk send let go by the quota late) is told
    // nothing was written, as it is: the closed pool refuses it before a byte goes out.
    this.closing = true;
    if (this.abandoned) return;
    const closed = this.pool.close();
    // A request given up at its deadline while connecting stays undici's until the connect ends
    // (INTERCOM_CONNECT_TIMEOUT_MS), and the close would wait for it: once no call waits for an
    // exchange, whatever is left is nobody's and is destroyed.
    const noneWaitedFor = new Promise<void>((resolve) => {
      if (this.exchangesWaitedFor === 0) resolve();
      else this.noExchangeWaitedFor = resolve;
    });
    await Promise.race([closed, noneWaitedFor]);
    // Not awaited: undici never settles a close that a destroy overtook with requests queued.
    closed.catch(noop);
    await this.pool.destroy().catch(noop);
  }

  private exchangeEnded(): void {
    this.exchangesWaitedFor -= 1;
    if (this.exchangesWaitedFor === 0) this.noExchangeWaitedFor?.();
  }

  private attempted(call: IntercomRequest, attempt: IntercomAttempt): void {
    this.observer.onAttempt?.(attempt);
    call.onAttempt?.(attempt);
  }

  /** Calls Intercom and returns the parsed JSON body of a 2xx answer, or throws an IntercomError. */
  async request<T>(call: IntercomRequest): Promise<T> {
    // A bulk send has no caller waiting and may wait for the quota as long as it takes: its
    // time starts when the pacer lets it go. Every other call's time starts now.
    const budget: CallBudget = {
      deadline: call.lane === 'bulk' ? undefined : Date.now() + this.options.timeoutMs,
    };
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
    let retries = 0;
    let notFoundRetries = 0;
    for (;;) {
      const answer = await this.attempt(call, payload, budget, retries + notFoundRetries > 0);
      const deadline = budget.deadline ?? Number.POSITIVE_INFINITY;
      if (answer.status >= 200 && answer.status < 300) return this.parse<T>(call, answer);

      const failure = this.failure(call, answer);
      let waitMs: number | undefined;
      if (failure instanceof IntercomRateLimitedError && retries < this.options.maxRetries) {
        waitMs = failure.retryAfterMs;
        if (waitMs > this.options.retryMaxWaitMs) waitMs = undefined;
        else retries += 1;
      } else if (
        failure instanceof IntercomNotFoundError &&
        call.retryNotFound === true &&
        failure.mayBeNewContact &&
        notFoundRetries < this.options.newContactRetries
      ) {
        notFoundRetries += 1;
        waitMs = backoffMs(notFoundRetries, this.options.newContactRetryDelayMs);
      } else if (
        failure instanceof IntercomUnavailableError &&
        call.kind === 'read' &&
        retries < this.options.maxRetries
      ) {
        retries += 1;
        waitMs = backoffMs(retries, 100);
      }
      if (waitMs === undefined || Date.now() + waitMs >= deadline) throw failure;
      await sleep(waitMs);
    }
  }

  /** One HTTP exchange. Connection failures before anything was written are retried here. */
  private async attempt(
    call: IntercomRequest,
    payload: string | undefined,
    budget: CallBudget,
    isRetry: boolean,
  ): Promise<Answer> {
    let connectRetries = 0;
    for (;;) {
      if (this.abandoned || this.closing) {
        throw new IntercomShutdownError();
      }
      // The least time left with which an exchange is still started: with less, it would likely
      // time out after Intercom had the call, and leave a send in doubt. The wait for the quota
      // gets the rest of the call's time at most.
      const minExchangeMs = Math.min(MIN_EXCHANGE_MS, this.options.timeoutMs / 4);
      const slot = await this.pacer?.acquire(
        call.lane,
        budget.deadline === undefined ? undefined : budget.deadline - Date.now() - minExchangeMs,
      );
      let released = false;
      const releaseSlot = (headers?: Dispatcher.ResponseData['headers']) => {
        if (released) return;
        released = true;
        this.pacer?.release(headers, slot);
      };
      const afterQuota = Date.now();
      budget.deadline ??= afterQuota + this.options.timeoutMs;
      const deadline = budget.deadline;
      if (deadline - afterQuota < minExchangeMs) {
        // The wait for the quota (or a retry's) left too little time for an exchange.
        releaseSlot();
        throw new IntercomRateLimitedError(
          "This call waited for Intercom's rate limit until too little of its time was left to make it.",
          1000,
          { mayHaveBeenSent: false },
        );
      }
      const connected = this.connections.enter(deadline - minExchangeMs);
      const granted = connected === true || (await connected);
      // One reading of the clock for the whole decision: the time left after the waits.
      const now = Date.now();
      if (!granted || deadline - now < minExchangeMs) {
        // No connection came free while enough time was left (one handed over at the very end
        // of the wait counts as none).
        if (granted) this.connections.leave();
        releaseSlot();
        if (this.abandoned || this.closing) continue;
        throw new IntercomConnectionsBusyError();
      }
      if (this.abandoned || this.closing) {
        // The shutdown came while this call waited: nothing of it was written.
        this.connections.leave();
        releaseSlot();
        continue;
      }
      let connectionLeft = false;
      const leaveConnection = () => {
        if (connectionLeft) return;
        connectionLeft = true;
        this.connections.leave();
      };
      const started = performance.now();
      // One timer bounds the whole exchange by the call's deadline: connecting, waiting for the
      // headers (undici's own timer starts again after the body is written and at each 1xx
      // answer) and reading a body dripped out a byte at a time (bodyTimeout bounds each gap).
      const exchange = new ExchangeDeadline(Math.max(0, deadline - now));
      this.exchangesWaitedFor += 1;
      let exchangeOver = false;
      const endExchange = () => {
        if (exchangeOver) return;
        exchangeOver = true;
        exchange.clear();
        this.exchangeEnded();
      };
      const answered = this.pool.request(
        exchange.options({
          method: call.method,
          path: this.pathPrefix + call.path,
          headers:
            payload === undefined
              ? this.headers
              : { ...this.headers, 'content-type': 'application/json' },
          body: payload,
          headersTimeout: Math.min(this.options.headersTimeoutMs, deadline - now),
          bodyTimeout: Math.min(this.options.bodyTimeoutMs, deadline - now),
        }),
      );
      try {
        const response = await exchange.race(answered);
        const text = await readBounded(response, this.options.maxResponseBytes).finally(() => {
          endExchange();
          leaveConnection();
          releaseSlot(response.headers);
        });
        // Counted and logged like any exchange, oversized or not.
        this.attempted(call, {
          route: call.route,
          status: response.statusCode,
          durationMs: performance.now() - started,
          retry: isRetry || connectRetries > 0,
        });
        if (text === undefined) {
          throw new IntercomBadResponseError(
            "Intercom's answer is larger than the gateway reads (INTERCOM_MAX_RESPONSE_BYTES).",
            {
              status: response.statusCode,
              // A refusal (4xx) created nothing; any other answer may stand for a sent message.
              mayHaveBeenSent:
                call.kind === 'send' && !(response.statusCode >= 400 && response.statusCode < 500),
            },
          );
        }
        return { status: response.statusCode, headers: response.headers, text };
      } catch (error) {
        endExchange();
        // A request given up while connecting stays undici's until the connect ends (then it is
        // dropped unwritten): its connection is left only then, so no call waits in undici's queue.
        answered.then((response) => response.body.destroy(), noop).finally(leaveConnection);
        releaseSlot();
        // An oversized answer: already counted above, and not a transport failure.
        if (error instanceof IntercomBadResponseError) throw error;
        this.attempted(call, {
          route: call.route,
          status: undefined,
          durationMs: performance.now() - started,
          retry: isRetry || connectRetries > 0,
        });
        const failure =
          error === exchange.reason && !exchange.written
            ? // The deadline came before undici wrote a byte (still connecting, or waiting in
              // its queue): nothing can have been sent.
              new IntercomUnavailableError('Intercom could not be reached in time.', {
                mayHaveBeenSent: false,
              })
            : this.transportFailure(call, error);
        const notWritten = !failure.mayHaveBeenSent && failure instanceof IntercomUnavailableError;
        if (!notWritten || connectRetries >= this.options.maxRetries) throw failure;
        connectRetries += 1;
        const waitMs = backoffMs(connectRetries, 100);
        if (Date.now() + waitMs >= deadline) throw failure;
        await sleep(waitMs);
      }
    }
  }

  private transportFailure(call: IntercomRequest, error: unknown): IntercomError {
    const code = (error as { code?: string } | undefined)?.code;
    const sending = call.kind === 'send';
    if (this.abandoned) {
      return new IntercomTimeoutError(
        'The gateway is shutting down and stopped waiting for Intercom.',
        { mayHaveBeenSent: sending },
      );
    }
    if (code !== undefined && CONNECT_FAILURES.has(code)) {
      // Nothing reached Intercom: safe to retry, and nothing can have been sent.
      return new IntercomUnavailableError('Intercom could not be reached.', {
        mayHaveBeenSent: false,
      });
    }
    if (
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError ||
      (error as Error | undefined)?.name === 'TimeoutError' ||
      (error as Error | undefined)?.name === 'AbortError'
    ) {
      return new IntercomTimeoutError('Intercom did not answer in time.', {
        mayHaveBeenSent: sending,
      });
    }
    return new IntercomUnavailableError('The connection to Intercom failed.', {
      mayHaveBeenSent: sending,
    });
  }

  private parse<T>(call: IntercomRequest, answer: Answer): T {
    try {
      const body = JSON.parse(answer.text) as unknown;
      if (typeof body !== 'object' || body === null) throw new Error('not an object');
      return body as T;
    } catch {
      throw new IntercomBadResponseError('Intercom answered with something that is not JSON.', {
        status: answer.status,
        mayHaveBeenSent: call.kind === 'send',
      });
    }
  }

  private failure(call: IntercomRequest, answer: Answer): IntercomError {
    const body = parseErrorBody(answer.text);
    const first = body.errors?.[0];
    const details = {
      status: answer.status,
      code: token(first?.code, 64),
      requestId: token(body.request_id, 128),
    };
    const { status } = answer;
    if (status === 429) {
      return new IntercomRateLimitedError(
        "Intercom's rate limit is exhausted.",
        rateLimitWaitMs(answer.headers),
        details,
      );
    }
    if (status === 401) {
      return new IntercomAuthError('Intercom refused the access token.', details);
    }
    if (status === 403) {
      return /unsubscribed/i.test(first?.message ?? '')
        ? new IntercomUnsubscribedError('The recipient has unsubscribed from emails.', details)
        : new IntercomAuthError(
            'Intercom refused the request for this workspace or plan.',
            details,
          );
    }
    if (status === 404)
      return new IntercomNotFoundError(
        'Intercom found no such resource.',
        intercomSentence(first?.message),
        details,
      );
    if (status >= 400 && status < 500) {
      return new IntercomRejectedError(
        'Intercom refused the request.',
        intercomSentence(first?.message),
        details,
      );
    }
    return new IntercomUnavailableError(`Intercom answered with an error (${status}).`, {
      ...details,
      mayHaveBeenSent: call.kind === 'send',
    });
  }
}
