import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Hub-Signature` as Intercom sends it: `sha1=` + hex HMAC-SHA1 of the raw body. */
export function signWebhook(rawBody: string, clientSecret: string): string {
  return `sha1=${createHmac('sha1', clientSecret).update(rawBody, 'utf8').digest('hex')}`;
}

/** Constant-time check of a webhook's signature against the app's client secret. */
export function verifyWebhookSignature(
  rawBody: string,
  signature: string | undefined,
  clientSecret: string,
): boolean {
  if (signature === undefined || !/^sha1=[0-9a-f]{40}$/i.test(signature)) return false;
  const expected = Buffer.from(signWebhook(rawBody, clientSecret), 'utf8');
  const offered = Buffer.from(signature.toLowerCase(), 'utf8');
  return expected.length === offered.length && timingSafeEqual(expected, offered);
}
