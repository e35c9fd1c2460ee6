import type { HTTPGraphQLResponse } from '@apollo/server';

/** Headers every page the gateway serves carries: it is never framed, nor sniffed. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Where Apollo Sandbox's page loads from (the hosts of Apollo's own page policy it needs). */
const SANDBOX_SCRIPT = 'https://embeddable-sandbox.cdn.apollographql.com';
const SANDBOX_FRAME = 'https://sandbox.embed.apollographql.com';
const LANDING_PAGE_CDN = 'https://apollo-server-landing-page.cdn.apollographql.com';

/**
 * The Sandbox page's policy: only the scripts and styles that carry the page's nonce (Apollo's,
 * and the fallback to the self-hosted explorer) and Sandbox's own from Apollo's CDN, Sandbox's
 * frame, operations to this gateway only (the embedded Sandbox runs them from the page), and no
 * page may frame it. Apollo's page also has a policy of its own in a meta tag: both apply.
 */
export function sandboxPagePolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' ${SANDBOX_SCRIPT}`,
    `style-src 'nonce-${nonce}' https://fonts.googleapis.com`,
    'font-src https://fonts.gstatic.com',
    `img-src ${LANDING_PAGE_CDN}`,
    `manifest-src ${LANDING_PAGE_CDN}`,
    `frame-src ${SANDBOX_FRAME}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The nonce Apollo's page gives its scripts (a hex digest). */
const NONCE = /'nonce-([0-9a-f]{16,128})'/;

/**
 * Headers for the page Apollo answers a browser with at /graphql: its policy, and no framing.
 * A page without a nonce gets a policy that allows no script at all.
 */
export function landingPageHeaders(result: HTTPGraphQLResponse): Record<string, string> {
  const contentType = result.headers.get('content-type') ?? '';
  if (!contentType.startsWith('text/html') || result.body.kind !== 'complete') return {};
  // Apollo's page is a few kilobytes, made by Apollo: the nonce is near its start.
  const nonce = NONCE.exec(result.body.string.slice(0, 4096))?.[1];
  return {
    ...PAGE_HEADERS,
    'content-security-policy':
      nonce === undefined ? "default-src 'none'; frame-ancestors 'none'" : sandboxPagePolicy(nonce),
  };
}

/** What a browser opening /graphql reads where no explorer is served (GATEWAY_EXPLORER=off). */
export const EXPLORER_OFF_TEXT =
  'The explorer is off on this gateway (GATEWAY_EXPLORER=off, the default in production): send GraphQL operations to this URL with POST. To turn it on, set GATEWAY_EXPLORER=graphiql (self-hosted) and restart.\n';

/** Headers of that one line. */
export const EXPLORER_OFF_HEADERS: Readonly<Record<string, string>> = {
  ...PAGE_HEADERS,
  'content-type': 'text/plain; charset=utf-8',
  'content-length': String(Buffer.byteLength(EXPLORER_OFF_TEXT)),
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cache-control': 'no-cache',
};
