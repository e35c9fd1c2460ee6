import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './graphql/context';
import { formatError } from './graphql/errors';
import { requestPlugin } from './graphql/request-plugin';
import { buildGatewaySchema } from './graphql/schema';
import { IntercomClient } from './intercom/client';
import type { Logger } from './logger';
import { ContactDirectory } from './contacts/contact-directory';
import { ConversationFinder } from './conversations/conversation-finder';
import { ConversationService } from './conversations/conversation.service';
import { MessageService } from './messages/message.service';
import { MemoryConversationIdCache } from './store/conversation-id-cache';

export interface Upstream {
  readonly baseUrl: string;
  readonly accessToken: string;
}

export interface GatewayOptions {
  readonly config: GatewayConfig;
  readonly upstream: Upstream;
  readonly logger: Logger;
}

export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000 */
  readonly url: string;
  /** e.g. http://127.0.0.1:4000/graphql */
  readonly graphqlUrl: string;
  close(): Promise<void>;
}

const GRAPHQL_PATH = '/graphql';
const MAX_BODY_BYTES = 1024 * 1024;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`));
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  requestId?: string,
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...(requestId ? { 'x-request-id': requestId } : {}),
  });
  response.end(text);
}

function headerMap(request: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

function parseBody(raw: string, headers: HeaderMap): unknown {
  if (raw === '') return undefined;
  if (!(headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}

/** Builds the gateway's HTTP server (GraphQL at /graphql, health at /healthz) and starts it. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, logger } = options;
  const client = new IntercomClient({
    ...config.intercom,
    baseUrl: options.upstream.baseUrl,
    accessToken: options.upstream.accessToken,
  });
  const contacts = new ContactDirectory(client);
  const messages = new MessageService(client, contacts);
  const conversations = new ConversationService(
    client,
    new ConversationFinder(
      client,
      contacts,
      config.intercom.version.startsWith('1.') ? 1 : 2,
      config.conversations.lookupMaxPages,
    ),
    new MemoryConversationIdCache({
      maxEntries: config.conversations.cacheMaxEntries,
      ttlMs: config.conversations.cacheTtlMs,
    }),
  );

  const apollo = new ApolloServer<GatewayContext>({
    schema: buildGatewaySchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !config.production,
    csrfPrevention: true,
    logger,
    plugins: [
      requestPlugin(logger),
      config.production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
    ],
  });
  await apollo.start();

  async function handleGraphQL(request: IncomingMessage, response: ServerResponse, url: URL) {
    const offered = request.headers['x-request-id'];
    const requestId =
      typeof offered === 'string' && REQUEST_ID.test(offered) ? offered : randomUUID();
    try {
      const headers = headerMap(request);
      const httpGraphQLRequest: HTTPGraphQLRequest = {
        method: (request.method ?? 'GET').toUpperCase(),
        headers,
        search: url.search,
        body: parseBody(await readBody(request), headers),
      };
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => ({
          requestId,
          messages,
          conversations: conversations.createLookup(),
        }),
      });
      const responseHeaders: Record<string, string> = { 'x-request-id': requestId };
      for (const [name, value] of result.headers) responseHeaders[name] = value;
      if (result.body.kind === 'complete') {
        responseHeaders['content-length'] = String(Buffer.byteLength(result.body.string));
        response.writeHead(result.status ?? 200, responseHeaders);
        response.end(result.body.string);
        return;
      }
      response.writeHead(result.status ?? 200, responseHeaders);
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    } catch (error) {
      if (error instanceof HttpError) {
        sendJson(
          response,
          error.status,
          { errors: [{ message: error.message, extensions: { code: 'BAD_REQUEST' } }] },
          requestId,
        );
        return;
      }
      throw error;
    }
  }

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://gateway');
    let work: Promise<void>;
    if (url.pathname === GRAPHQL_PATH) work = handleGraphQL(request, response, url);
    else if (url.pathname === '/healthz' && request.method === 'GET') {
      work = Promise.resolve(sendJson(response, 200, { status: 'ok' }));
    } else
      work = Promise.resolve(
        sendJson(response, 404, { error: 'Not found. GraphQL is at /graphql.' }),
      );
    work.catch((error: unknown) => {
      logger.error({ err: error }, 'unhandled error in the HTTP layer');
      if (!response.headersSent)
        sendJson(response, 500, {
          errors: [
            { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
          ],
        });
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  return {
    url,
    graphqlUrl: `${url}${GRAPHQL_PATH}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
      await client.close();
    },
  };
}
