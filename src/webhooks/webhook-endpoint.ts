import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readBody } from '../http/body';
import { clientAddress, type TrustProxy } from '../http/client-address';
import { sendJson } from '../http/send-json';
import type { Logger } from '../logger';
import type { GatewayMetrics } from '../observability/metrics';
import { WEBHOOK_CLOCK_SKEW_SECONDS, type Delivery } from '../store/seen-notifications';
import { handleIntercomWebhook, type WebhookOutcome } from './intercom-webhook';

export interface WebhookEndpointOptions {
  /** The secret notifications are signed with; undefined: webhooks are off (404). */
  readonly clientSecret: string | undefined;
  readonly maxBodyBytes: number;
  /** Bodies read at once: one more is answered 503 before a byte of it is kept. */
  readonly maxConcurrentReads: number;
  /** Proxies in front of the gateway (GATEWAY_TRUST_PROXY): who a request comes from. */
  readonly trustProxy: TrustProxy;
  readonly maxAgeSeconds: number;
  firstDelivery(notificationId: string): Promise<Delivery>;
  publish(conversation: Record<string, unknown>): Promise<void>;
  readonly metrics: Pick<GatewayMetrics, 'webhooks'>;
  readonly logger: Logger;
}

/**
 * `POST /webhooks/intercom` over HTTP: reads the body within its limit and answers what
 * `handleIntercomWebhook` decides. Every answer, a body over the limit included, is counted by
 * outcome and logged (never the body).
 *
 * A body is read whole before its signature can be checked, so anyone can make the gateway
 * buffer one: at most `maxConcurrentReads` are read at once (a bound on what unsigned requests
 * hold in memory), an eighth of them from one address (so that one client holding its reads
 * open does not turn Intercom's deliveries away), and one more is answered 503, which Intercom
 * retries.
 */
export function webhookEndpoint(
  options: WebhookEndpointOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const { clientSecret, metrics, logger } = options;
  const answered = (
    response: ServerResponse,
    outcome: WebhookOutcome,
    status: number,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) => {
    metrics.webhooks.inc({ outcome });
    logger.info({ outcome, status }, 'intercom webhook');
    sendJson(response, status, body, headers);
  };
  let reading = 0;
  /** Reads under way by client address; an address leaves the map with its last read. */
  const readingFrom = new Map<string, number>();
  const maxPerClient = Math.max(1, Math.floor(options.maxConcurrentReads / 8));
  return async (request, response) => {
    if (clientSecret === undefined) {
      sendJson(response, 404, { error: 'Webhooks are off: set INTERCOM_CLIENT_SECRET.' });
      return;
    }
    const from = clientAddress(request, options.trustProxy);
    const fromThere = readingFrom.get(from) ?? 0;
    if (reading >= options.maxConcurrentReads || fromThere >= maxPerClient) {
      // Not read: the connection closes after the answer, so its body is not waited for.
      answered(
        response,
        'busy',
        503,
        { error: 'Too many notifications at once: try again later.' },
        { 'retry-after': '1', connection: 'close' },
      );
      return;
    }
    let raw: string;
    reading += 1;
    readingFrom.set(from, fromThere + 1);
    try {
      raw = await readBody(request, options.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      answered(response, error.status === 413 ? 'too-large' : 'malformed', error.status, {
        error: error.message,
      });
      return;
    } finally {
      reading -= 1;
      const left = (readingFrom.get(from) ?? 1) - 1;
      if (left === 0) readingFrom.delete(from);
      else readingFrom.set(from, left);
    }
    const signature = request.headers['x-hub-signature'];
    const answer = await handleIntercomWebhook(
      raw,
      typeof signature === 'string' ? signature : undefined,
      {
        clientSecret,
        maxAgeSeconds: options.maxAgeSeconds,
        maxFutureSkewSeconds: WEBHOOK_CLOCK_SKEW_SECONDS,
        firstDelivery: options.firstDelivery,
        publish: options.publish,
      },
    );
    answered(response, answer.outcome, answer.status, answer.body);
  };
}
