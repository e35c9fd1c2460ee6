import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** The longest text form of an IP address (IPv6 with an embedded IPv4 address). */
const ADDRESS_MAX_LENGTH = 45;

/** How many proxies in front of the gateway append to X-Forwarded-For (0: none trusted). */
export type TrustProxy = number;

/**
 * The address a request came from. With `trustedHops` proxies in front (GATEWAY_TRUST_PROXY),
 * the client is the entry that many places from the right of X-Forwarded-For: each trusted proxy
 * appends the address it saw, and whatever stands further left was written by the client itself.
 */
export function clientAddress(request: IncomingMessage, trustedHops: TrustProxy): string {
  const socketAddress = request.socket.remoteAddress ?? 'unknown';
  if (trustedHops === 0) return socketAddress;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (forwarded.length === 0) return socketAddress;
  // The rightmost entry is what the nearest proxy saw: the client, behind one proxy.
  const entry = forwarded[Math.max(0, forwarded.length - trustedHops)] as string;
  // Only an address: other text was written by a client that reached the port around the
  // proxies, and is neither logged nor used as a key.
  return entry.length <= ADDRESS_MAX_LENGTH && isIP(entry) !== 0 ? entry : socketAddress;
}
