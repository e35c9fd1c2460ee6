import type { IncomingMessage } from 'node:http';

/**
 * The address a request came from. Behind a proxy that sets X-Forwarded-For (and only then, as
 * GATEWAY_TRUST_PROXY says), the client's own address is the first one listed.
 */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return request.socket.remoteAddress ?? 'unknown';
}
