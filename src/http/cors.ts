import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';

/**
 * Whether a browser on `origin` may call the gateway. No Origin header: not a browser (or a
 * same-origin navigation), which CORS does not govern.
 */
export function allowsOrigin(allowed: ReadonlySet<string>, origin: string | undefined): boolean {
  return origin === undefined || allowed.has(origin);
}

/**
 * CORS for browser frontends: only origins on the allow-list get CORS headers (credentials
 * included); any other origin gets none, so browsers refuse to read the answer.
 * Resolves true when the request was a preflight that has been answered.
 */
export function corsHandler(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins);
  const middleware = cors({
    origin: (origin, callback) =>
      callback(null, origin !== undefined && allowsOrigin(allowed, origin)),
    credentials: true,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'x-request-id', 'apollo-require-preflight'],
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
