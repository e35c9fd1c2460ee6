import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import { UnauthenticatedError } from '../auth/errors';
import type { Principal } from '../auth/principal';
import type { GatewayConfig } from '../config';
import {
  EXPLORER_OFF_HEADERS,
  EXPLORER_OFF_TEXT,
  landingPageHeaders,
} from '../explorer/page-headers';
import type { GatewayContext } from '../graphql/context';
import { DocumentRefusal } from '../guards/document-admission';
import type { GuardPipeline } from '../guards/pipeline';
import { RateLimitedError } from '../limits/errors';
import { HttpError, readBody } from './body';
import { clientAddress } from './client-address';
import { withRequestId } from './error-request-id';
import { graphqlError, sendJson } from './send-json';

/** Where GraphQL is served, over HTTP and WebSocket. */
export const GRAPHQL_PATH = '/graphql';

/** A request id a client may choose: bounded, and nothing a log line could be broken by. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

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
    throw new HttpError(400, 'BAD_REQUEST', 'The request body is not valid JSON.');
  }
}

/** Whoever loads the Sandbox page: allowed nothing (the page itself runs no operation). */
const LANDING_PAGE_VISITOR: Principal = {
  id: 'landing-page',
  kind: 'anonymous',
  scopes: new Set(),
  person: null,
  adminIds: new Set(),
  expiresAt: null,
};

/**
 * A browser loading the Sandbox page: served without credentials. Only a plain page load counts:
 * a GET that carries an operation (`?query=`) is an operation, whatever it accepts.
 */
const wantsLandingPage = (request: IncomingMessage, url: URL): boolean =>
  request.method === 'GET' &&
  (request.headers.accept ?? '').includes('text/html') &&
  !url.searchParams.has('query') &&
  !url.searchParams.has('extensions');

export interface GraphQLRouteParts {
  readonly config: GatewayConfig;
  readonly guards: GuardPipeline;
  readonly apollo: ApolloServer<GatewayContext>;
  /** What every operation's resolvers get. */
  readonly contextFor: (principal: Principal, requestId: string) => GatewayContext;
  /** The GraphiQL page, for a browser at /graphql when GATEWAY_EXPLORER=graphiql. */
  readonly explorerPage: (response: ServerResponse, headers: Record<string, string>) => void;
  /** CORS: true when it answered the request itself (a preflight). */
  readonly cors: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
}

/**
 * GraphQL over HTTP (POST and GET): the guard pipeline's door (credentials, budget, trusted
 * documents), then Apollo Server; every answer carries the request's id, and the refusals at the
 * door answer in GraphQL's shape with a stable code.
 */
export function graphqlRoute(parts: GraphQLRouteParts) {
  const { config, guards, apollo, contextFor, explorerPage, cors } = parts;

  return async function handleGraphQL(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> {
    const offered = request.headers['x-request-id'];
    const requestId =
      typeof offered === 'string' && REQUEST_ID.test(offered) ? offered : randomUUID();
    const idHeader = { 'x-request-id': requestId };
    const started = performance.now();
    let principal: Principal | undefined;
    let context: GatewayContext | undefined;
    /** The log line and metrics of a request refused before GraphQL ran it. */
    const refused = (outcome: string) =>
      guards.record({
        transport: 'http',
        requestId,
        clientId: principal?.id ?? 'unknown',
        operation: 'invalid',
        outcome,
        seconds: (performance.now() - started) / 1000,
        upstream: [],
      });
    try {
      if (await cors(request, response)) return;
      const headers = headerMap(request);
      const landingPage = wantsLandingPage(request, url);
      if (landingPage && config.explorer === 'graphiql') {
        explorerPage(response, idHeader);
        return;
      }
      if (landingPage && config.explorer === 'off') {
        response.writeHead(404, { ...idHeader, ...EXPLORER_OFF_HEADERS });
        response.end(EXPLORER_OFF_TEXT);
        return;
      }
      // The Sandbox page runs no operation: it needs no credentials and counts against no budget.
      principal = landingPage
        ? LANDING_PAGE_VISITOR
        : await guards.identify(
            'http',
            request.headers.authorization,
            clientAddress(request, config.trustProxy),
          );
      if (!landingPage) await guards.charge(principal);
      const httpGraphQLRequest: HTTPGraphQLRequest = guards.admitDocument(
        {
          method: (request.method ?? 'GET').toUpperCase(),
          headers,
          search: url.search,
          body: parseBody(await readBody(request, config.limits.maxBodyBytes), headers),
        },
        principal,
        requestId,
      );
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => (context = contextFor(principal as Principal, requestId)),
      });
      // Refused by Apollo before its pipeline (no query, a body that is no GraphQL request).
      if (!landingPage && !context?.logged.done) {
        refused(result.status === 400 ? 'BAD_REQUEST' : `HTTP_${result.status ?? 200}`);
      }
      const responseHeaders: Record<string, string> = { ...idHeader };
      for (const [name, value] of result.headers) responseHeaders[name] = value;
      if (landingPage) Object.assign(responseHeaders, landingPageHeaders(result));
      if (result.body.kind === 'complete') {
        const body = withRequestId(result.status ?? 200, result.body.string, requestId);
        responseHeaders['content-length'] = String(Buffer.byteLength(body));
        response.writeHead(result.status ?? 200, responseHeaders);
        response.end(body);
        return;
      }
      response.writeHead(result.status ?? 200, responseHeaders);
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    } catch (error) {
      // A trusted-documents refusal is written where it is made, and an authentication failure
      // by the guards that refused it (`authentication failed`, counted by transport).
      if (error instanceof HttpError && !(error instanceof DocumentRefusal)) refused(error.code);
      else if (error instanceof RateLimitedError) refused('RATE_LIMITED');
      if (error instanceof UnauthenticatedError) {
        sendJson(response, 401, graphqlError(error.message, 'UNAUTHENTICATED', { requestId }), {
          ...idHeader,
          'www-authenticate': 'Bearer',
        });
        return;
      }
      if (error instanceof RateLimitedError) {
        const retryAfter = String(error.retryAfterSeconds);
        sendJson(
          response,
          429,
          graphqlError(error.message, 'RATE_LIMITED', {
            requestId,
            retryAfterSeconds: error.retryAfterSeconds,
          }),
          { ...idHeader, 'retry-after': retryAfter },
        );
        return;
      }
      if (error instanceof HttpError) {
        const retryAfter = error.headers['retry-after'];
        sendJson(
          response,
          error.status,
          graphqlError(error.message, error.code, {
            requestId,
            ...(retryAfter ? { retryAfterSeconds: Number(retryAfter) } : {}),
          }),
          { ...idHeader, ...error.headers },
        );
        return;
      }
      throw error;
    }
  };
}
