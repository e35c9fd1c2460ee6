import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Explorer } from '../config';
import { sendJson } from '../http/send-json';
import { GRAPHIQL_CSP, GRAPHIQL_PATH, GraphiQLAssets, graphiqlPage } from './graphiql-assets';
import { PAGE_HEADERS } from './page-headers';

/** The self-hosted explorer (GraphiQL): its page and its static files. */
export interface ExplorerRoute {
  /** Whether `pathname` is the explorer's. */
  owns(pathname: string): boolean;
  /** The page, with `headers` added (also what a browser gets at /graphql with GraphiQL). */
  page(response: ServerResponse, headers?: Record<string, string>): void;
  /** The page or one of its files; no credentials (the page itself runs nothing). */
  serve(request: IncomingMessage, response: ServerResponse, url: URL): void;
}

const notFound = (response: ServerResponse) =>
  sendJson(response, 404, { error: 'Not found. GraphQL is at /graphql.' });

export function explorerRoute(explorer: Explorer): ExplorerRoute {
  const graphiql = new GraphiQLAssets();
  const assetsPrefix = `${GRAPHIQL_PATH}/assets/`;

  function page(response: ServerResponse, headers: Record<string, string> = {}): void {
    if (!graphiql.built) {
      sendJson(response, 503, {
        error: 'The self-hosted explorer is not built: run `npm run build`.',
      });
      return;
    }
    const html = graphiqlPage(`${GRAPHIQL_PATH}/assets`);
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(Buffer.byteLength(html)),
      'content-security-policy': GRAPHIQL_CSP,
      ...PAGE_HEADERS,
      'cache-control': 'no-cache',
    });
    response.end(html);
  }

  function serve(request: IncomingMessage, response: ServerResponse, url: URL): void {
    if (explorer === 'off' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      notFound(response);
      return;
    }
    if (url.pathname === GRAPHIQL_PATH || url.pathname === `${GRAPHIQL_PATH}/`) {
      page(response);
      return;
    }
    const asset = url.pathname.startsWith(assetsPrefix)
      ? graphiql.get(url.pathname.slice(assetsPrefix.length))
      : undefined;
    if (!asset) {
      notFound(response);
      return;
    }
    const common = {
      etag: asset.etag,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      vary: 'accept-encoding',
    };
    if (request.headers['if-none-match'] === asset.etag) {
      response.writeHead(304, common);
      response.end();
      return;
    }
    const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    const body = gzip ? asset.gzipped : asset.body;
    response.writeHead(200, {
      ...common,
      'content-type': asset.contentType,
      'content-length': String(body.length),
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  return {
    owns: (pathname) => pathname === GRAPHIQL_PATH || pathname.startsWith(`${GRAPHIQL_PATH}/`),
    page,
    serve,
  };
}
