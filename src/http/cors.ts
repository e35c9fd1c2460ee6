import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';

/** Whether a browser page on this origin may call the gateway. */
export type OriginPolicy = (origin: string) => boolean;

/** Apollo's hosted Sandbox and Studio explorer. */
const APOLLO_EXPLORERS = new Set([
  'https://studio.apollographql.com',
  'https://sandbox.embed.apollographql.com',
]);
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `http(s)://localhost`, `127.0.0.1` or `[::1]`, any port: a page served on this machine. */
function isLocalOrigin(origin: string): boolean {
  if (origin.length > 64) return false;
  try {
    const url = new URL(origin);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      LOCAL_HOSTS.has(url.hostname) &&
      url.origin === origin
    );
  } catch {
    return false;
  }
}

/**
 * The origins on GATEWAY_CORS_ORIGINS; in development with none listed, pages on this machine
 * (any port) and Apollo's hosted Sandbox too, so a local frontend works out of the box.
 */
export function originPolicy(
  listed: readonly string[],
  developmentDefaults: boolean,
): OriginPolicy {
  const allowed = new Set(listed);
  return (origin) =>
    allowed.has(origin) ||
    (developmentDefaults && (APOLLO_EXPLORERS.has(origin) || isLocalOrigin(origin)));
}

/**
 * CORS for browser frontends: only origins the policy allows get CORS headers (credentials
 * included); any other origin gets none, so browsers refuse to read the answer.
 * Resolves true when the request was a preflight that has been answered.
 */
export function corsHandler(allows: OriginPolicy) {
  const middleware = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allows(origin)),
    credentials: true,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: [
      'content-type',
      'authorization',
      'x-request-id',
      // The headers Apollo's CSRF prevention asks a browser to send (a GET needs one of them).
      'x-apollo-operation-name',
      'apollo-require-preflight',
    ],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  });
  return (request: IncomingMessage, response: ServerResponse): Promise<boolean> =>
    new Promise((resolve, reject) => {
      middleware(request, response, (error?: unknown) => (error ? reject(error) : resolve(false)));
      // cors answers a preflight itself and then does not call next().
      if (response.writableEnded) resolve(true);
    });
}
