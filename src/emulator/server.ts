import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { acceptsJson } from './accept';
import { serveAttachment } from './attachments';
import type { ConversationEvent, EmulatorContext, RouteHandler } from './context';
import { EmulatorControl } from './control';
import { EmulatorHttpError, errorBody } from './errors';
import type { FaultSpec } from './faults';
import { IdAllocator } from './id-allocator';
import { keepsNothing, StateFolder } from './persistence/state-folder';
import { RequestLog } from './request-log';
import { WindowRateLimiter } from './rate-limit';
import { intercomRoutes } from './routes';
import { controlRoutes } from './routes/control';
import { unsnoozeOnTime } from './conversation-actions';
import { SnoozeAlarm } from './snooze-alarm';
import { EmulatorStore, type StoreLimits } from './store';
import { WebhookSender } from './webhooks';
import { parseApiVersion, type ApiVersion } from './versions';

export interface EmulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** The one bearer token it accepts. Default `emulator-token`. */
  accessToken?: string;
  /** Requests per 10-second window; 0 turns the limit off. Default 1666. */
  rateLimit?: number;
  /** The rate-limit window; default Intercom's 10 000 ms. */
  rateLimitWindowMs?: number;
  /** How long a contact created through the API cannot be messaged. Default 1000 ms. */
  newContactDelayMs?: number;
  /** The version assumed when a request has no `Intercom-Version` header. Default 2.14. */
  defaultVersion?: string;
  limits?: Partial<StoreLimits>;
  /** Called for each conversation event. */
  onConversationEvent?: (event: ConversationEvent) => void;
  /** Where signed webhooks go when a conversation opens or a contact replies; none by default. */
  webhookUrl?: string;
  /** The app's client secret webhooks are signed with. Default `emulator-client-secret`. */
  webhookSecret?: string;
  /**
   * The folder its state is kept in across restarts (created if need be, locked to this process);
   * unset or `memory://`: kept in memory only, gone when it stops.
   */
  dataDir?: string;
  /** Told, in one line, when its state cannot be saved; default: standard error. */
  onStateSaveError?: (message: string) => void;
}

export interface RunningEmulator {
  /** Base URL, e.g. http://127.0.0.1:4010 */
  readonly url: string;
  readonly accessToken: string;
  readonly control: EmulatorControl;
  readonly webhooks: WebhookSender;
  /** The client secret its webhooks are signed with. */
  readonly webhookSecret: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_LIMITS: StoreLimits = {
  maxContacts: 50_000,
  maxMessages: 50_000,
  maxConversations: 50_000,
};
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
/** The `drip-body` fault's pace: a byte this often. */
const DRIP_INTERVAL_MS = 200;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new EmulatorHttpError(413, 'request_too_large', 'Request body is too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new EmulatorHttpError(
      400,
      'parameter_invalid',
      'There was a problem in the JSON you submitted',
    );
  }
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>>,
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...JSON_HEADERS,
    ...headers,
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

// Unref: a long latency fault must not keep a closed emulator's process alive.
const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms).unref());

function recordableHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === 'authorization' || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

type ParsedBody = { ok: true; value: unknown } | { ok: false };

function parseBodyOnce(raw: string): ParsedBody {
  if (raw.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

function bodyOrThrow(parsed: ParsedBody): unknown {
  if (parsed.ok) return parsed.value;
  throw new EmulatorHttpError(
    400,
    'parameter_invalid',
    'There was a problem in the JSON you submitted',
  );
}

/** Starts the emulator: Intercom's wire format over HTTP, state in memory (and on disk with `dataDir`). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const accessToken = options.accessToken ?? 'emulator-token';
  const expectedAuthorization = `Bearer ${accessToken}`;
  const defaultRateLimit = options.rateLimit ?? 1666;
  const defaultVersion = parseApiVersion(options.defaultVersion ?? '2.14');
  if (!defaultVersion) throw new Error(`Unknown Intercom version ${options.defaultVersion}`);
  // Opened first: a folder that cannot be used stops the start before anything listens.
  const folder = keepsNothing(options.dataDir)
    ? undefined
    : StateFolder.open(
        options.dataDir as string,
        options.onStateSaveError ?? ((message) => process.stderr.write(`${message}\n`)),
      );
  const ids = folder
    ? new IdAllocator(folder.counters, (reserved) => folder.reserveIds(reserved))
    : new IdAllocator();
  // Its callbacks run only once the store and the webhooks below exist (its first wake, further
  // down, reopens what ran out while the emulator was stopped).
  const alarm = new SnoozeAlarm(
    (now) => store.dueSnoozes(now),
    (conversation) => unsnoozeOnTime(store, emit, conversation),
  );
  const store = new EmulatorStore(
    { ...DEFAULT_LIMITS, ...options.limits },
    { ids, onChange: () => folder?.changed(), onSnoozed: (until) => alarm.snoozed(until) },
  );
  const requestLog = new RequestLog(2000);
  const rateLimiter = new WindowRateLimiter(defaultRateLimit, options.rateLimitWindowMs);
  const webhookSecret = options.webhookSecret ?? 'emulator-client-secret';
  // Webhooks carry 2.x conversations: in the default version when it is a 2.x one.
  const webhookVersion =
    defaultVersion.major === 2 ? defaultVersion : (parseApiVersion('2.14') as ApiVersion);
  const webhooks = new WebhookSender(store, webhookSecret, options.webhookUrl, webhookVersion);
  const emit = (event: ConversationEvent): void => {
    webhooks.send(event);
    options.onConversationEvent?.(event);
  };
  const control = new EmulatorControl(store, requestLog, rateLimiter, defaultRateLimit, emit);
  if (folder?.state) store.importState(folder.state);
  else control.reset();
  folder?.attach(store, ids);
  // Snoozes that ran out while it was stopped reopen before it answers anything (their webhooks
  // reach a receiver only if it listens already).
  alarm.wake();
  const context: EmulatorContext = {
    store,
    newContactDelayMs: options.newContactDelayMs ?? 1000,
    onConversationEvent: emit,
  };
  const routes = intercomRoutes();
  const control_ = controlRoutes(control, store, webhooks, async () => {
    await folder?.save();
  });
  const openResponses = new Set<ServerResponse>();

  async function applyFault(
    fault: FaultSpec,
    response: ServerResponse,
    requestId: string,
    headers: Record<string, string>,
  ): Promise<boolean> {
    if (fault.action === 'reset') {
      response.socket?.destroy();
      return true;
    }
    if (fault.action === 'hang') return true;
    if (fault.action === 'incomplete-body') {
      response.writeHead(200, { ...JSON_HEADERS, ...headers, 'content-length': '1024' });
      response.write('{"type":"admin_message","id":');
      return true;
    }
    if (fault.action === 'drip-body') {
      response.writeHead(200, { ...JSON_HEADERS, ...headers });
      // Each byte comes well within any gap a client allows between chunks; the body never ends.
      const drip = setInterval(() => response.write(' '), DRIP_INTERVAL_MS);
      response.once('close', () => clearInterval(drip));
      return true;
    }
    if (fault.action === 'drip-informational') {
      // Each interim answer comes well within a client's wait for headers; no final one comes.
      const drip = setInterval(() => response.writeProcessing(), DRIP_INTERVAL_MS);
      response.once('close', () => clearInterval(drip));
      return true;
    }
    if (fault.action === 'malformed-json') {
      response.writeHead(200, { ...JSON_HEADERS, ...headers });
      response.end('<html><body>Bad gateway</body></html>');
      return true;
    }
    if (fault.body !== undefined) {
      send(response, fault.status ?? 200, fault.body, { ...headers, ...fault.headers });
      return true;
    }
    if (fault.status !== undefined) {
      const status = fault.status;
      const code =
        fault.code ??
        (status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'not_found');
      const message = fault.message ?? (status >= 500 ? 'Server error' : 'Injected fault');
      send(response, status, errorBody(requestId, code, message), { ...headers, ...fault.headers });
      return true;
    }
    return false;
  }

  /**
   * Every answer, errors included, carries the rate-limit headers and an `x-request-id` equal to
   * the body's `request_id`, as Intercom's do.
   */
  async function handleIntercom(request: IncomingMessage, response: ServerResponse, url: URL) {
    const requestId = randomUUID();
    const headers: Record<string, string> = { 'x-request-id': requestId };
    try {
      await answerIntercom(request, response, url, requestId, headers);
    } catch (error) {
      if (response.headersSent) throw error;
      const known = error instanceof EmulatorHttpError;
      send(
        response,
        known ? error.status : 500,
        known
          ? errorBody(requestId, error.code, error.message)
          : errorBody(requestId, 'server_error', 'Server error'),
        { ...rateLimiter.peek(), ...headers, ...(known ? error.headers : {}) },
      );
    }
  }

  async function answerIntercom(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    requestId: string,
    headers: Record<string, string>,
  ) {
    const method = request.method ?? 'GET';
    const raw = await readBody(request);
    const match = routes.match(method, url.pathname);
    const routeKey = match?.key ?? `${method} ${url.pathname}`;
    // Parsed once: the request log and the handler share it.
    const parsed = parseBodyOnce(raw);
    // One instant for the log and the rate limit: a request is logged in the window it counted in.
    const receivedAt = Date.now();
    const versionHeader = request.headers['intercom-version'];
    let version: ApiVersion | undefined = defaultVersion;
    if (typeof versionHeader === 'string') version = parseApiVersion(versionHeader);
    if (!version) {
      throw new EmulatorHttpError(
        400,
        'intercom_version_invalid',
        'The requested version could not be found',
      );
    }
    if (request.headers.authorization !== expectedAuthorization) {
      throw new EmulatorHttpError(401, 'unauthorized', 'Access Token Invalid');
    }
    // Recorded once the token is known: a caller without it (a web page's cross-site request)
    // cannot fill the log with bodies of its own.
    requestLog.add({
      route: routeKey,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: recordableHeaders(request),
      body: parsed.ok ? parsed.value : raw === '' ? undefined : raw,
      at: receivedAt,
    });
    if (!acceptsJson(request.headers.accept)) {
      throw new EmulatorHttpError(
        406,
        'not_acceptable',
        'The Accept header must allow application/json',
      );
    }
    const verdict = rateLimiter.take(receivedAt);
    Object.assign(headers, verdict.headers);
    if (!verdict.allowed) {
      throw new EmulatorHttpError(
        429,
        'rate_limit_exceeded',
        'You have exceeded the rate limit. Please try again later.',
        headers,
      );
    }
    if (!match) throw new EmulatorHttpError(404, 'not_found', 'Resource Not Found', headers);

    const fault = control.faults.take(routeKey, raw);
    if (fault?.latencyMs) await delay(fault.latencyMs);
    const handleFirst = fault?.handle === true;
    let result: { status: number; body: unknown } | undefined;
    const run = async () =>
      (match.handler as RouteHandler)(
        {
          method,
          path: url.pathname,
          params: match.params,
          query: url.searchParams,
          body: bodyOrThrow(parsed),
          version: version as ApiVersion,
          origin: `http://${request.headers.host ?? 'localhost'}`,
        },
        context,
      );
    if (handleFirst) result = await run();
    if (fault && (await applyFault(fault, response, requestId, headers))) return;
    result ??= await run();
    send(response, result.status, result.body, headers);
  }

  async function handleControl(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    raw: string,
  ) {
    // A browser names the page behind every cross-site POST: a page the developer opens must
    // not reset the emulator, inject faults or make contacts reply (signed webhooks follow).
    // The tests and tools that drive these endpoints are no browsers.
    if (request.headers.origin !== undefined) {
      throw new EmulatorHttpError(
        403,
        'forbidden',
        'The control endpoints refuse browser requests.',
      );
    }
    const match = control_.match(request.method ?? 'GET', url.pathname);
    if (!match) throw new EmulatorHttpError(404, 'not_found', 'Resource Not Found');
    const result = await match.handler({
      params: match.params,
      query: url.searchParams,
      body: parseJson(raw),
    });
    send(response, result.status, result.body, {});
  }

  const server: Server = createServer((request, response) => {
    openResponses.add(response);
    response.on('close', () => openResponses.delete(response));
    const url = URL.parse(request.url ?? '/', 'http://emulator');
    if (!url) {
      // A request target no URL can be made of (`//`, say): the client's error.
      send(response, 400, errorBody(randomUUID(), 'bad_request', 'Bad request'), {});
      return;
    }
    const file = /^\/_emulator\/attachments\/([0-9a-f]{16})\/[^/]+$/.exec(url.pathname);
    if (request.method === 'GET' && file) {
      serveAttachment(store.fileById(file[1] as string), response);
      return;
    }
    const work = url.pathname.startsWith('/_emulator/')
      ? readBody(request).then((raw) => handleControl(request, response, url, raw))
      : handleIntercom(request, response, url);
    work.catch((error: unknown) => {
      if (response.headersSent) return;
      if (error instanceof EmulatorHttpError) {
        send(
          response,
          error.status,
          errorBody(randomUUID(), error.code, error.message),
          error.headers,
        );
        return;
      }
      send(response, 500, errorBody(randomUUID(), 'server_error', 'Server error'), {});
    });
  });
  server.keepAliveTimeout = 65_000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 4010, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (error) {
    alarm.stop();
    await folder?.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    accessToken,
    control,
    webhooks,
    webhookSecret,
    close: async () => {
      await new Promise<void>((resolve) => {
        for (const response of openResponses) response.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      alarm.stop();
      // Last: no request or snooze can change the state once it is saved.
      await folder?.close();
    },
  };
}
