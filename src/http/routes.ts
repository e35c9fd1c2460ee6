import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExplorerRoute } from '../explorer/explorer-route';
import { GRAPHQL_PATH } from './graphql-route';
import { METRICS_PATH } from './metrics-server';
import { sendJson } from './send-json';

/** What answers each of the gateway's paths. */
export interface GatewayRoutes {
  /** GraphQL over HTTP, at /graphql. */
  readonly graphql: (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void>;
  /** The self-hosted explorer. */
  readonly explorer: ExplorerRoute;
  /** Intercom's signed webhooks (POST /webhooks/intercom). */
  readonly webhook: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  /** /readyz: whether this replica should get traffic, and why not. */
  readonly readiness: () => { status: number; body: object };
  /** /metrics on this port; absent when they have a port of their own (GATEWAY_METRICS_PORT). */
  readonly metrics?: (response: ServerResponse) => Promise<void>;
}

const notFound = (response: ServerResponse) =>
  sendJson(response, 404, { error: 'Not found. GraphQL is at /graphql.' });

/** One request to the route its path and method name; anything else is 404. */
export function routeRequests(routes: GatewayRoutes) {
  return function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // A request target no URL can be made of (`//`, say) is the client's error, not the server's.
    const url = URL.parse(request.url ?? '/', 'http://gateway');
    if (!url) {
      sendJson(response, 400, { error: "The request's target is not a valid path." });
      return Promise.resolve();
    }
    const { pathname } = url;
    if (pathname === GRAPHQL_PATH) return routes.graphql(request, response, url);
    if (routes.explorer.owns(pathname)) {
      routes.explorer.serve(request, response, url);
      return Promise.resolve();
    }
    if (pathname === '/webhooks/intercom' && request.method === 'POST') {
      return routes.webhook(request, response);
    }
    if (request.method === 'GET' && pathname === '/healthz') {
      sendJson(response, 200, { status: 'ok' });
    } else if (request.method === 'GET' && pathname === '/readyz') {
      const { status, body } = routes.readiness();
      sendJson(response, status, body);
    } else if (request.method === 'GET' && pathname === METRICS_PATH && routes.metrics) {
      return routes.metrics(response);
    } else {
      notFound(response);
    }
    return Promise.resolve();
  };
}
